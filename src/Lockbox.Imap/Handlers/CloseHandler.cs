// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// CLOSE (RFC 3501 section 6.4.2) and UNSELECT (RFC 3691): back to the authenticated state. CLOSE first
/// expunges the \Deleted messages, silently (no untagged EXPUNGE), unless the mailbox was selected with
/// EXAMINE; UNSELECT never expunges.
/// </summary>
internal sealed class CloseHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var selected = (ImapSessionState.LoggedIn.Selected)state;
        var close = request.Command.Verb == ImapVerb.Close;
        if (close && !selected.Mailbox.ReadOnly)
        {
            try
            {
                await selected.Mail.ExpungeAsync(selected.Mailbox.Name, null, cancellationToken);
            }
            catch (MailboxNotFoundException)
            {
                // Deleted meanwhile: nothing left to expunge, and CLOSE still leaves the selected state.
            }
        }

        var text = close ? "Close completed" : "Unselect completed";
        return ImapResult.Ok(request.Tag, text) with { NextState = new ImapSessionState.LoggedIn.Authenticated(selected.Mail) };
    }
}
