// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp.Protocol;

/// <summary>RCPT TO (RFC 5321 section 4.1.1.3).</summary>
/// <param name="Address">The recipient mailbox, without angle brackets.</param>
public sealed record RcptCommand(string Address) : LmtpCommand;
