// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Server;

/// <summary>
/// The autologout timer of RFC 3501 section 5.4, as <c>CancelAfter</c> on the connection's one token
/// source (STYLE.md section 4): armed while the server waits for the client, disarmed while a command
/// runs. Logged in, it allows <see cref="ImapOptions.IdleTimeout"/>; before login (and during the TLS
/// handshake) the shorter <see cref="ImapOptions.LoginTimeout"/>. When it fires, the handler says
/// <c>* BYE</c> and closes. Code that waits for the client outside the command loop (IDLE, RFC 2177
/// section 3: the client re-issues IDLE within 29 minutes) arms it the same way before each wait, so each
/// new IDLE starts a fresh 30 minutes.
/// </summary>
internal sealed class IdleTimer(CancellationTokenSource session, ImapOptions options)
{
    /// <summary>Starts (or restarts) the countdown for a client in <paramref name="state"/>.</summary>
    public void Arm(ImapSessionState state) =>
        session.CancelAfter(state is ImapSessionState.LoggedIn ? options.IdleTimeout : options.LoginTimeout);

    /// <summary>Stops the countdown: a command runs as long as it needs; only waiting for the client counts as idle.</summary>
    public void Disarm() => session.CancelAfter(Timeout.InfiniteTimeSpan);
}
