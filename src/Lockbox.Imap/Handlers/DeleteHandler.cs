// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>DELETE (RFC 3501 section 6.3.4): not INBOX, not a mailbox with inferiors ([HASCHILDREN], RFC 5530).</summary>
internal sealed class DeleteHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var name = ((DeleteCommand)request.Command).Mailbox;
        try
        {
            await ((ImapSessionState.LoggedIn)state).Mail.DeleteMailboxAsync(name, cancellationToken);
            return ImapResult.Ok(request.Tag, "Delete completed");
        }
        catch (MailboxNotFoundException)
        {
            return ImapResult.NoSuchMailbox(request.Tag);
        }
        catch (MailboxOperationException e)
        {
            return MailboxRefusal.For(request.Tag, e);
        }
    }
}
