// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Sending;

/// <summary>
/// The relay that messages written in the webmail go through (configuration section <c>Smtp</c>, DESIGN.md section 5;
/// docs/decisions/0024 and 0025). Lockbox stores mail; it does not deliver it to other servers: the relay (the MTA in front
/// of Lockbox, usually) does.
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Smtp";

    /// <summary>The relay's host name or address. Empty: sending is off (<see cref="Contracts.IMailSession.CanSend"/>), and the compose page says so.</summary>
    public string Host { get; set; } = "";

    /// <summary>The relay's port: 587, message submission (RFC 6409), by default.</summary>
    public int Port { get; set; } = 587;

    /// <summary>The login at the relay; empty: no authentication (a relay that trusts this host).</summary>
    public string User { get; set; } = "";

    /// <summary>The password for <see cref="User"/>.</summary>
    public string Password { get; set; } = "";

    /// <summary>
    /// Require STARTTLS (RFC 3207) before anything else is sent, and fail when the relay does not offer it. On by default:
    /// the message and the relay password cross the network. Off only for a relay on loopback.
    /// </summary>
    public bool StartTls { get; set; } = true;
}
