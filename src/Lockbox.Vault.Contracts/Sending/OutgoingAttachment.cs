// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Sending;

/// <summary>A file attached to a message being written.</summary>
/// <param name="FileName">The name without any path.</param>
/// <param name="ContentType">The media type the browser gave, a hint only: application/octet-stream when it does not parse.</param>
/// <param name="Content">The bytes, sent base64 (RFC 2045 section 6.8) so they arrive exactly as given.</param>
public sealed record OutgoingAttachment(string FileName, string ContentType, byte[] Content);
