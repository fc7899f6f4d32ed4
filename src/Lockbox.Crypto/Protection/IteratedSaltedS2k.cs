// SPDX-License-Identifier: MIT
using System.Security.Cryptography;

namespace Lockbox.Crypto.Protection;

/// <summary>
/// Iterated and salted S2K with SHA-256 (RFC 4880 section 3.7.1.3), the strongest string-to-key gpg 2.2
/// reads. .NET's SHA-256 (OpenSSL) hashes the 65 MB of the maximum count several times faster than
/// BouncyCastle's managed digest, and lets every buffer holding the passphrase be zeroed.
/// </summary>
internal static class IteratedSaltedS2k
{
    /// <summary>Coded count 255: the maximum, 65,011,712 octets hashed (RFC 4880 section 3.7.1.3).</summary>
    public const byte MaximumCodedCount = 0xFF;

    public const int SaltLength = 8;

    /// <summary>Decodes a count byte: (16 + (c &amp; 15)) &lt;&lt; ((c &gt;&gt; 4) + 6).</summary>
    public static int DecodeCount(byte coded) => (16 + (coded & 15)) << ((coded >> 4) + 6);

    /// <summary>
    /// The 32-byte AES-256 key: SHA-256 over salt || passphrase repeated until <paramref name="codedCount"/>'s
    /// octet count is reached, and at least once whole. One hash context suffices because SHA-256 yields
    /// exactly the 32 key octets AES-256 needs.
    /// </summary>
    public static void DeriveKey(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, byte codedCount, Span<byte> key)
    {
        var unitLength = salt.Length + passphrase.Length;
        long remaining = Math.Max(DecodeCount(codedCount), unitLength);
        // Hash a buffer of whole repetitions at a time; the hashed stream is the same cyclic sequence.
        var repetitions = Math.Max(1, 65536 / unitLength);
        var chunk = new byte[repetitions * unitLength];
        try
        {
            for (var offset = 0; offset < chunk.Length; offset += unitLength)
            {
                salt.CopyTo(chunk.AsSpan(offset));
                passphrase.CopyTo(chunk.AsSpan(offset + salt.Length));
            }

            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            while (remaining > 0)
            {
                var take = (int)Math.Min(remaining, chunk.Length);
                sha256.AppendData(chunk, 0, take);
                remaining -= take;
            }

            sha256.GetHashAndReset(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(chunk);
        }
    }
}
