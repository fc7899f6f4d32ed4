// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// The QUOTA extension (RFC 9208) with the one resource Lockbox limits, STORAGE, in units of 1,024 octets (section 5.1).
/// A user with a limit has one quota root, "", over all their mailboxes (docs/decisions/0041); a user without one has no
/// root. The administrator sets limits (<c>lockbox user quota</c>), so SETQUOTA is refused.
/// </summary>
internal sealed class QuotaHandler : IImapHandler
{
    /// <summary>The name of the one quota root, as Dovecot names its default user root.</summary>
    const string Root = "";

    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var mail = ((ImapSessionState.LoggedIn)state).Mail;
        switch (request.Command)
        {
            case GetQuotaRootCommand getRoot:
            {
                if (await MailboxNames.FindAsync(mail, getRoot.Mailbox, cancellationToken) is null)
                {
                    return ImapResult.NoSuchMailbox(request.Tag);
                }

                var usage = await mail.GetQuotaAsync(cancellationToken);
                // Section 4.3: QUOTAROOT names the mailbox and its roots (none without a limit), then QUOTA for each root.
                ImapValue[] roots = usage.LimitBytes is null ? [] : [new ImapValue.Text(Root)];
                var quotaRoot = new ImapDataResponse([new ImapValue.Atom("QUOTAROOT"), new ImapValue.Mailbox(getRoot.Mailbox), .. roots]);
                return usage.LimitBytes is { } limit
                    ? ImapResult.Ok(request.Tag, "Getquotaroot completed", quotaRoot, QuotaResponse(usage.UsedBytes, limit))
                    : ImapResult.Ok(request.Tag, "Getquotaroot completed", quotaRoot);
            }

            case GetQuotaCommand get:
            {
                var usage = await mail.GetQuotaAsync(cancellationToken);
                return get.Root == Root && usage.LimitBytes is { } limit
                    ? ImapResult.Ok(request.Tag, "Getquota completed", QuotaResponse(usage.UsedBytes, limit))
                    : ImapResult.No(request.Tag, ResponseCode.NonExistent, "No such quota root");
            }

            case SetQuotaCommand:
                return ImapResult.No(request.Tag, ResponseCode.NoPerm, "Quotas are set by the administrator");
            default:
                throw new ArgumentException("Not a quota command.", nameof(request));
        }
    }

    /// <summary>QUOTA "" (STORAGE used limit), both in KiB: usage rounded up, so that a full mailbox never reads as below its limit.</summary>
    static ImapDataResponse QuotaResponse(long usedBytes, long limitBytes)
    {
        var used = new ImapValue.Number((ulong)((usedBytes + 1023) / 1024));
        var limit = new ImapValue.Number((ulong)(limitBytes / 1024));
        return new([new ImapValue.Atom("QUOTA"), new ImapValue.Text(Root), new ImapValue.List([new ImapValue.Atom("STORAGE"), used, limit])]);
    }
}
