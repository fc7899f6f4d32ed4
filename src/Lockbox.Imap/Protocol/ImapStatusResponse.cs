// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// "tag OK [CODE] text", or untagged ("* BYE ...") when <see cref="Tag"/> is null (RFC 3501 section 7.1).
/// </summary>
public sealed record ImapStatusResponse(string? Tag, ImapStatus Status, ResponseCode? Code, string Text) : ImapResponse;
