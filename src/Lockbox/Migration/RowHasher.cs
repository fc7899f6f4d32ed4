// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace Lockbox.Migration;

/// <summary>
/// A table's checksum, computed the same way on both engines: SHA-256 over every row in primary-key order, each value
/// encoded with a type tag, integers as 8 bytes big-endian, text (UTF-8) and blobs with an 8-byte length before their
/// bytes. The encoding is self-delimiting, so two different tables never hash the same bytes; values are read through
/// ADO by the column's kind on both sides, never compared as text.
/// </summary>
internal sealed class RowHasher : IDisposable
{
    const byte Null = 0;
    const byte Integer = 1;
    const byte Text = 2;
    const byte Blob = 3;

    readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    readonly byte[] _number = new byte[8];

    /// <summary>The rows added so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds the reader's current row, whose columns are <paramref name="columns"/> in that order.</summary>
    public void Add(DbDataReader row, IReadOnlyList<ColumnShape> columns)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (row.IsDBNull(i))
            {
                _hash.AppendData([Null]);
                continue;
            }

            switch (columns[i].Kind)
            {
                case ColumnKind.Number:
                    _hash.AppendData([Integer]);
                    AppendNumber(row.GetInt64(i));
                    break;
                case ColumnKind.Text:
                    AppendBytes(Text, Encoding.UTF8.GetBytes(row.GetString(i)));
                    break;
                default:
                    AppendBytes(Blob, row.GetFieldValue<byte[]>(i));
                    break;
            }
        }

        Rows++;
    }

    /// <summary>The checksum of the rows added, as lowercase hex.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    void AppendBytes(byte tag, byte[] bytes)
    {
        _hash.AppendData([tag]);
        AppendNumber(bytes.LongLength);
        _hash.AppendData(bytes);
    }

    void AppendNumber(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_number, value);
        _hash.AppendData(_number);
    }
}
