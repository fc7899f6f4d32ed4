// SPDX-License-Identifier: MIT
using System.Globalization;
using Lockbox.FrontEnd.Throttling;
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;
using Microsoft.Extensions.Logging;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// The one place LOGIN and AUTHENTICATE turn a credential into a Vault session: refused without TLS
/// off a trusted link, and throttled per user and address (<see cref="LoginThrottle"/>) before Vault runs Argon2.
/// </summary>
internal sealed class Authenticator(ISessionService sessions, LoginThrottle throttle, ILogger logger)
{
    public async Task<ImapResult> LogInAsync(string tag, string user, string password, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        if (!connection.PlaintextAuthAllowed)
        {
            // RFC 5530 section 3: PRIVACYREQUIRED; RFC 3501 section 6.2.3 (LOGINDISABLED).
            return ImapResult.No(tag, ResponseCode.PrivacyRequired, "Plaintext authentication is allowed only over TLS (STARTTLS) or loopback");
        }

        var wait = throttle.RetryAfter(user, connection.RemoteAddress);
        if (wait > TimeSpan.Zero)
        {
            // RFC 5530 section 3: UNAVAILABLE, a temporary refusal. The password is not checked at all, so
            // a throttled guess costs no Argon2 run and learns nothing.
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            Log.LoginThrottled(logger, connection.ConnectionId, seconds);
            ImapMetrics.Login("throttled");
            return ImapResult.No(tag, ResponseCode.Unavailable, "Too many failed logins; try again in " + seconds.ToString(CultureInfo.InvariantCulture) + " s");
        }

        IMailSession mail;
        try
        {
            mail = await sessions.OpenSessionAsync(user, password, cancellationToken);
        }
        catch (AuthenticationFailedException)
        {
            // Unknown user and wrong password look the same, in the reply, the log and the throttle.
            throttle.Failed(user, connection.RemoteAddress);
            Log.LoginFailed(logger, connection.ConnectionId);
            ImapMetrics.Login("failed");
            return ImapResult.No(tag, ResponseCode.AuthenticationFailed, "Authentication failed");
        }
        catch (KeyPassphraseRequiredException e)
        {
            // RFC 3501 section 7.1: ALERT text is shown to the user as is. The password was right, so it
            // clears the throttle; IMAP has no way to ask for a second secret (issue 5, item 5).
            throttle.Succeeded(user);
            return ImapResult.No(tag, ResponseCode.Alert, e.Message);
        }
        catch (PasswordChangeRequiredException e)
        {
            // The one-time password of an escrow recovery was right; IMAP cannot set a new one (issue 5, item 6).
            throttle.Succeeded(user);
            return ImapResult.No(tag, ResponseCode.Alert, e.Message);
        }

        throttle.Succeeded(user);
        ImapMetrics.Login("ok");
        Log.LoggedIn(logger, connection.ConnectionId, mail.Address);
        // RFC 3501 section 7.1: a CAPABILITY code in the OK saves the client a round trip.
        var ok = new ImapStatusResponse(tag, ImapStatus.Ok, ResponseCode.Capability(connection.Capabilities(authenticated: true)), "Logged in");
        return new ImapResult([ok], new ImapSessionState.LoggedIn.Authenticated(mail));
    }
}
