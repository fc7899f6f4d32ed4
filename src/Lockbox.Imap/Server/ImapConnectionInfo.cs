// SPDX-License-Identifier: MIT
using System.Net;

namespace Lockbox.Imap.Server;

/// <summary>What handlers may know about the connection.</summary>
/// <param name="ConnectionId">Kestrel's id, for logs.</param>
/// <param name="TrustedLink">Cleartext passwords are acceptable without TLS: loopback, or allowed by configuration.</param>
/// <param name="RemoteAddress">The client's address, for login throttling; null on a Unix socket.</param>
internal sealed record ImapConnectionInfo(string ConnectionId, bool TrustedLink, IPAddress? RemoteAddress)
{
    /// <summary>What the client enabled on this connection.</summary>
    public EnabledExtensions Enabled { get; } = new();

    /// <summary>TLS is up: IMAPS from the start, or after STARTTLS.</summary>
    public bool IsTls { get; init; }

    /// <summary>LOGIN and AUTHENTICATE PLAIN are allowed: over TLS, on a trusted link.</summary>
    public bool PlaintextAuthAllowed => IsTls || TrustedLink;

    /// <summary>The CAPABILITY list for a state (RFC 3501 section 7.2.1).</summary>
    public IReadOnlyList<string> Capabilities(bool authenticated)
    {
        // Only what is implemented: LITERAL+ (RFC 7888) and SASL-IR (RFC 4959) are handled by the receiver.
        List<string> capabilities = ["IMAP4rev1", "LITERAL+", "SASL-IR", "ID", "ENABLE", "NAMESPACE", "UNSELECT", "SPECIAL-USE", "CHILDREN", "ESEARCH",
            "UIDPLUS", "MOVE", "IDLE", "CONDSTORE", "QUOTA", "QUOTA=RES-STORAGE"];
        if (!authenticated)
        {
            if (!IsTls)
            {
                // RFC 3501 section 6.2.1; the client must ask for CAPABILITY again after the handshake.
                capabilities.Add("STARTTLS");
            }

            // RFC 3501 section 6.2.3: LOGINDISABLED when LOGIN is refused; no AUTH=PLAIN either.
            capabilities.Add(PlaintextAuthAllowed ? "AUTH=PLAIN" : "LOGINDISABLED");
        }

        if (authenticated)
        {
            // Offered once they can be used; RFC 3501 section 7.2.1 lets the list change at login. UTF8=ACCEPT is
            // turned on by ENABLE, which is only valid after login (RFC 5161 section 3.1).
            capabilities.AddRange(["LIST-EXTENDED", "LIST-STATUS", "UTF8=ACCEPT"]);
        }

        return capabilities;
    }
}
