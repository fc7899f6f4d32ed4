// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// RENAME (RFC 3501 section 6.3.5): inferiors move along; renaming INBOX moves its messages into the new
/// mailbox and leaves INBOX empty.
/// </summary>
internal sealed class RenameHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (RenameCommand)request.Command;
        try
        {
            await ((ImapSessionState.LoggedIn)state).Mail.RenameMailboxAsync(command.From, command.To, cancellationToken);
            return ImapResult.Ok(request.Tag, "Rename completed");
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
