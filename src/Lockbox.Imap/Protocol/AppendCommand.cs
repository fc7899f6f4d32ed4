// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// APPEND mailbox [(flags)] [date-time] literal (RFC 3501 section 6.3.11). The message is not in the
/// record: <see cref="Message"/> says how many bytes the server streams from the transport.
/// </summary>
public sealed record AppendCommand(string Mailbox, EquatableList<string> Flags, DateTimeOffset? InternalDate, ImapLiteralPlaceholder Message)
    : ImapCommand(ImapVerb.Append);
