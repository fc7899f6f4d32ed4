// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// NOOP and CHECK (RFC 3501 sections 6.1.2 and 6.4.1). With a mailbox selected they report what other
/// sessions and deliveries changed since the last report: EXPUNGE, FETCH (FLAGS) and EXISTS (section 7).
/// </summary>
internal sealed class NoopHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var done = request.Command.Verb == ImapVerb.Check ? "Check completed" : "Noop completed";
        if (state is not ImapSessionState.LoggedIn.Selected selected)
        {
            return ImapResult.Ok(request.Tag, done);
        }

        var (responses, mailbox, gone) = await MailboxSync.RefreshAsync(selected.Mail, selected.Mailbox, allowExpunge: true, connection.Enabled.CondStore, cancellationToken);
        if (gone)
        {
            return MailboxSync.Gone;
        }

        return new ImapResult([.. responses, new ImapStatusResponse(request.Tag, ImapStatus.Ok, null, done)], selected with { Mailbox = mailbox });
    }
}
