// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// CLOSE (RFC 3501 section 6.4.2) and UNSELECT (RFC 3691): back to the authenticated state. CLOSE
/// would also expunge \Deleted messages, but no flag can be set yet (no STORE), so there are none.
/// </summary>
internal sealed class CloseHandler : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var selected = (ImapSessionState.LoggedIn.Selected)state;
        var text = request.Command.Verb == ImapVerb.Close ? "Close completed" : "Unselect completed";
        return Task.FromResult(ImapResult.Ok(request.Tag, text) with { NextState = new ImapSessionState.LoggedIn.Authenticated(selected.Mail) });
    }
}
