// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Fetch;

/// <summary>
/// One address of an ENVELOPE (RFC 3501 section 7.4.2): name, source route, mailbox, host, as raw octets.
/// A group is framed by a start marker (host NIL, mailbox = group name) and an end marker (all NIL).
/// </summary>
internal sealed record ImapAddress(byte[]? Name, byte[]? Route, byte[]? Mailbox, byte[]? Host)
{
    public static ImapAddress GroupEnd { get; } = new(null, null, null, null);

    public static ImapAddress GroupStart(byte[] name) => new(null, null, name, null);
}
