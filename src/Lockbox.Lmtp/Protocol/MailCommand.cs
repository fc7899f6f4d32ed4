// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp.Protocol;

/// <summary>MAIL FROM (RFC 5321 section 4.1.1.2) with the SIZE (RFC 1870) and BODY (RFC 6152) parameters.</summary>
/// <param name="ReversePath">The sender address, or empty for the null reverse-path <c>&lt;&gt;</c>.</param>
/// <param name="DeclaredSize">SIZE=, if given: the client's estimate of the message size.</param>
/// <param name="EightBitMime">True for BODY=8BITMIME.</param>
public sealed record MailCommand(string ReversePath, long? DeclaredSize, bool EightBitMime) : LmtpCommand;
