// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// The content type the MIME parser applied to an entity (RFC 2045 section 5): the header's value, or
/// the default when it is absent or unusable (text/plain, or message/rfc822 inside multipart/digest).
/// </summary>
/// <param name="MediaType">The top-level type as written, e.g. "text".</param>
/// <param name="MediaSubtype">The subtype as written, e.g. "plain".</param>
/// <param name="Parameters">The parameters in order.</param>
public sealed record EntityContentType(string MediaType, string MediaSubtype, IReadOnlyList<MimeParameter> Parameters);
