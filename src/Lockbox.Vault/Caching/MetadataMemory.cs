// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Caching;

/// <summary>What a decoded metadata record costs in memory (for the cache bound), and zeroing its header octets.</summary>
internal static class MetadataMemory
{
    // Object headers and references of a record with its lists, rounded up (64-bit runtime).
    const int EntityOverhead = 256;
    const int HeaderOverhead = 96;

    /// <summary>An estimate in bytes: header octets and names plus a fixed cost per object.</summary>
    public static long Size(MessageMetadata metadata) => 64 + Size(metadata.Root);

    /// <summary>Zeroes the raw header octets (names and parsed parameters are strings, which cannot be zeroed).</summary>
    public static void Clear(MessageMetadata metadata) => Clear(metadata.Root);

    static long Size(EntityMetadata entity)
    {
        long size = EntityOverhead;
        foreach (var header in entity.Headers)
        {
            size += HeaderOverhead + 2L * header.Name.Length + header.RawValue.Length + (header.RawName?.Length ?? 0);
        }

        foreach (var child in entity.Children)
        {
            size += Size(child);
        }

        return size;
    }

    static void Clear(EntityMetadata entity)
    {
        foreach (var header in entity.Headers)
        {
            CryptographicOperations.ZeroMemory(header.RawValue);
        }

        foreach (var child in entity.Children)
        {
            Clear(child);
        }
    }
}
