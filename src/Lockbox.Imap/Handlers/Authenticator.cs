// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;
using Microsoft.Extensions.Logging;

namespace Lockbox.Imap.Handlers;

/// <summary>The one place LOGIN and AUTHENTICATE turn a credential into a Vault session.</summary>
internal sealed class Authenticator(ISessionService sessions, ILogger logger)
{
    public async Task<ImapResult> LogInAsync(string tag, string user, string password, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        if (!connection.PlaintextAuthAllowed)
        {
            // RFC 5530 section 3: PRIVACYREQUIRED. There is no TLS yet, so only loopback may log in.
            return ImapResult.No(tag, ResponseCode.PrivacyRequired, "Plaintext authentication is allowed only over TLS or loopback");
        }

        IMailSession mail;
        try
        {
            mail = await sessions.OpenSessionAsync(user, password, cancellationToken);
        }
        catch (AuthenticationFailedException)
        {
            // Unknown user and wrong password look the same, in the reply and in the log.
            Log.LoginFailed(logger, connection.ConnectionId);
            return ImapResult.No(tag, ResponseCode.AuthenticationFailed, "Authentication failed");
        }

        Log.LoggedIn(logger, connection.ConnectionId, mail.Address);
        // RFC 3501 section 7.1: a CAPABILITY code in the OK saves the client a round trip.
        var ok = new ImapStatusResponse(tag, ImapStatus.Ok, ResponseCode.Capability(connection.Capabilities(authenticated: true)), "Logged in");
        return new ImapResult([ok], new ImapSessionState.LoggedIn.Authenticated(mail));
    }
}
