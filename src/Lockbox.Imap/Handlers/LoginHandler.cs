// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>LOGIN (RFC 3501 section 6.2.3): the password opens a Vault session.</summary>
internal sealed class LoginHandler(Authenticator authenticator) : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var login = (LoginCommand)request.Command;
        return authenticator.LogInAsync(request.Tag, login.User, login.Password, connection, cancellationToken);
    }
}
