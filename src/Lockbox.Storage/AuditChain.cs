// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Lockbox.Storage;

/// <summary>
/// The audit log's hash chain: each entry's hash covers the previous entry's hash and every field of its
/// own, so editing or deleting an entry breaks every link after it. Fields are length-prefixed, so no
/// two different entries encode the same bytes.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public static byte[] Genesis => new byte[32];

    public static byte[] Hash(byte[] previousHash, long sequence, DateTime timeUtc, string address, string eventName, string detail)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("lockbox-audit-v1"u8);
        hash.AppendData(previousHash);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, Sql.SqlMailStore.UnixSeconds(timeUtc));
        hash.AppendData(number);
        foreach (var field in (string[])[address, eventName, detail])
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt64BigEndian(number, bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }
}
