// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Server;

/// <summary>What handlers may know about the connection.</summary>
/// <param name="ConnectionId">Kestrel's id, for logs.</param>
/// <param name="PlaintextAuthAllowed">LOGIN and AUTHENTICATE PLAIN are allowed: loopback, or allowed by configuration.</param>
internal sealed record ImapConnectionInfo(string ConnectionId, bool PlaintextAuthAllowed)
{
    /// <summary>What the client enabled on this connection.</summary>
    public EnabledExtensions Enabled { get; } = new();

    /// <summary>The CAPABILITY list for a state (RFC 3501 section 7.2.1).</summary>
    public IReadOnlyList<string> Capabilities(bool authenticated)
    {
        // Only what is implemented: LITERAL+ (RFC 7888) and SASL-IR (RFC 4959) are handled by the receiver.
        List<string> capabilities = ["IMAP4rev1", "LITERAL+", "SASL-IR", "ID", "ENABLE", "NAMESPACE", "UNSELECT", "SPECIAL-USE", "CHILDREN",
            "UIDPLUS", "MOVE", "IDLE", "CONDSTORE"];
        if (!authenticated)
        {
            // RFC 3501 section 6.2.3: LOGINDISABLED when LOGIN is refused; no AUTH=PLAIN either.
            capabilities.Add(PlaintextAuthAllowed ? "AUTH=PLAIN" : "LOGINDISABLED");
        }

        if (authenticated)
        {
            // Offered once they can be used; RFC 3501 section 7.2.1 lets the list change at login.
            capabilities.AddRange(["LIST-EXTENDED", "LIST-STATUS"]);
        }

        return capabilities;
    }
}
