// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// Stands for an APPEND message literal that the receiver did not buffer. The server reads exactly
/// <see cref="Size"/> bytes from the transport itself (after sending "+ Ready" when the literal is
/// synchronizing, RFC 3501 section 7.5) and streams them into the delivery funnel, then calls the
/// receiver again to finish the command line.
/// </summary>
/// <param name="Size">The literal's length in octets.</param>
/// <param name="IsNonSynchronizing">True for <c>{n+}</c> (LITERAL+, RFC 7888): the bytes follow at once.</param>
/// <param name="IsUtf8Data">
/// True when the message came as APPEND's UTF8 data item, <c>UTF8 (~{n})</c> (RFC 9755 section 4): a
/// message whose header fields may be UTF-8. Lockbox stores both forms alike, as Dovecot does.
/// </param>
public sealed record ImapLiteralPlaceholder(long Size, bool IsNonSynchronizing, bool IsUtf8Data = false)
{
    public override string ToString() => IsNonSynchronizing ? $"{{{Size}+}}" : $"{{{Size}}}";
}
