// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Reading;

/// <summary>An image part that a message's HTML shows by <c>cid:</c> URL (RFC 2392).</summary>
/// <param name="ContentId">The part's Content-ID without angle brackets.</param>
/// <param name="MediaType">image/png, image/gif, image/jpeg or image/webp, in lower case.</param>
/// <param name="Content">The decoded image bytes, at most 4 MiB.</param>
public sealed record InlineImage(string ContentId, string MediaType, byte[] Content);
