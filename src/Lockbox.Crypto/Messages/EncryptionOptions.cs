// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Messages;

/// <summary>How <see cref="MessageEncryptor"/> builds a message. The defaults are the stored form (DESIGN.md section 4).</summary>
public sealed record EncryptionOptions
{
    /// <summary>
    /// Wrap the literal data in a ZLib compressed data packet (RFC 4880 section 5.6). Off by default: zlib
    /// costs about 25 ms/MB and barely shrinks base64 attachments, which are most of a mailbox's bytes.
    /// </summary>
    public bool Compress { get; init; }

    internal static EncryptionOptions Default { get; } = new();
}
