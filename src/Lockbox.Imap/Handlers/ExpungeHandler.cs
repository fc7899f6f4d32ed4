// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// EXPUNGE (RFC 3501 section 6.4.3) and UID EXPUNGE (RFC 4315 section 2.1): removes the messages flagged
/// \Deleted (within the UID set for UID EXPUNGE), then reports every message gone since the snapshot,
/// this session's and others', as untagged EXPUNGE, highest number first.
/// </summary>
internal sealed class ExpungeHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (ExpungeCommand)request.Command;
        var selected = (ImapSessionState.LoggedIn.Selected)state;
        var done = command.UidSet is null ? "EXPUNGE completed" : "UID EXPUNGE completed";
        if (selected.Mailbox.ReadOnly)
        {
            // RFC 3501 section 6.3.2: nothing is removed from a mailbox selected with EXAMINE.
            return ImapResult.No(request.Tag, ResponseCode.Cannot, "Mailbox is read-only");
        }

        IReadOnlyList<long>? uids = command.UidSet is { } set
            ? [.. MessageSet.Resolve(set, uid: true, selected.Mailbox.Messages).Select(m => m.Message.Uid)]
            : null;
        if (uids is { Count: 0 })
        {
            return ImapResult.Ok(request.Tag, done);
        }

        try
        {
            await selected.Mail.ExpungeAsync(selected.Mailbox.Name, uids, cancellationToken);
        }
        catch (MailboxNotFoundException)
        {
            return ImapResult.NoSuchMailbox(request.Tag);
        }
        catch (MailboxOperationException e)
        {
            return MailboxRefusal.For(request.Tag, e);
        }

        var (responses, mailbox, gone) = await MailboxSync.RefreshAsync(selected.Mail, selected.Mailbox, allowExpunge: true, connection.Enabled.CondStore, cancellationToken);
        if (gone)
        {
            return MailboxSync.Gone;
        }

        return new ImapResult([.. responses, new ImapStatusResponse(request.Tag, ImapStatus.Ok, null, done)], selected with { Mailbox = mailbox });
    }
}
