// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>A literal announced at the end of a command line: <c>{n}</c>, <c>{n+}</c>, <c>~{n}</c> or <c>~{n+}</c>.</summary>
/// <param name="BodyLength">The line's length before the announcement.</param>
/// <param name="Size">The literal's length in octets.</param>
/// <param name="NonSynchronizing">True for LITERAL+ (RFC 7888): the bytes follow at once.</param>
/// <param name="Literal8">True for <c>~{n}</c> (RFC 3516 section 4.2): the octets may include NUL.</param>
readonly record struct LiteralAnnouncement(int BodyLength, long Size, bool NonSynchronizing, bool Literal8);
