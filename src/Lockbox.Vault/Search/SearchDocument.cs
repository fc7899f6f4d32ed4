// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Text;
using Lockbox.Vault.Contracts;
using MimeKit;
using MimeKit.Utils;

namespace Lockbox.Vault.Search;

/// <summary>
/// A message's search document in clear (docs/decisions/0009), as it is sealed: everything a SEARCH needs
/// without opening the message, case-folded so that matching is an ordinal substring search over UTF-8.
/// <code>
/// version 1 (1 byte) | RFC822.SIZE (int64 LE) | Date header day (int32 LE DayNumber, -1 if none)
/// | header length (int32 LE) | headers: "name:value\n" per top-level field, decoded, unfolded, lower case
/// | body: the text of the text/* parts, lower case
/// </code>
/// </summary>
internal readonly struct SearchDocument
{
    const byte Version = 1;
    const int Prefix = 1 + 8 + 4 + 4;

    readonly byte[] _bytes;
    readonly int _start;
    readonly int _length;

    public SearchDocument(byte[] bytes)
        : this(bytes, 0, bytes.Length)
    {
    }

    SearchDocument(byte[] bytes, int start, int length)
    {
        var document = bytes.AsSpan(start, length);
        if (length < Prefix || document[0] != Version || Prefix + BinaryPrimitives.ReadInt32LittleEndian(document[13..]) > length)
        {
            throw new InvalidDataException("not a search document");
        }

        (_bytes, _start, _length) = (bytes, start, length);
    }

    /// <summary>RFC822.SIZE of the message as stored in clear (trace headers included).</summary>
    public long Size => BinaryPrimitives.ReadInt64LittleEndian(Bytes[1..]);

    /// <summary>The calendar day of the Date header as written (its own zone), or null.</summary>
    public DateOnly? SentDay => BinaryPrimitives.ReadInt32LittleEndian(Bytes[9..]) is var day and >= 0 ? DateOnly.FromDayNumber(day) : null;

    ReadOnlySpan<byte> Bytes => _bytes.AsSpan(_start, _length);

    ReadOnlySpan<byte> Headers => Bytes.Slice(Prefix, BinaryPrimitives.ReadInt32LittleEndian(Bytes[13..]));

    ReadOnlySpan<byte> Body => Bytes[(Prefix + Headers.Length)..];

    /// <summary>Builds the document for a message with <paramref name="metadata"/> (its top-level headers) and body text (UTF-8, folded).</summary>
    public static byte[] Encode(MessageMetadata metadata, ReadOnlySpan<byte> bodyText)
    {
        var headers = new StringBuilder();
        var sentDay = -1;
        foreach (var field in metadata.Root.Headers)
        {
            if (sentDay < 0 && field.Name.Equals("Date", StringComparison.OrdinalIgnoreCase)
                && DateUtils.TryParse(field.RawValue, out DateTimeOffset sent))
            {
                sentDay = DateOnly.FromDateTime(sent.DateTime).DayNumber;
            }

            // RFC 2047 words decoded, 8-bit UTF-8 kept; unfolded (RFC 5322 section 2.2.3) so a phrase matches across a fold.
            var value = Rfc2047.DecodeText(ParserOptions.Default, field.RawValue).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
            headers.Append(field.Name.ToLowerInvariant()).Append(':').Append(value.Trim().ToLowerInvariant()).Append('\n');
        }

        var headerBytes = Encoding.UTF8.GetBytes(headers.ToString());
        var document = new byte[Prefix + headerBytes.Length + bodyText.Length];
        document[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(document.AsSpan(1), metadata.Size);
        BinaryPrimitives.WriteInt32LittleEndian(document.AsSpan(9), sentDay);
        BinaryPrimitives.WriteInt32LittleEndian(document.AsSpan(13), headerBytes.Length);
        headerBytes.CopyTo(document.AsSpan(Prefix));
        bodyText.CopyTo(document.AsSpan(Prefix + headerBytes.Length));
        Array.Clear(headerBytes);
        return document;
    }

    /// <summary>
    /// The needle as the document holds text: lower invariant, UTF-8. A byte match of valid UTF-8 is a
    /// character match, since UTF-8 is self-synchronising.
    /// </summary>
    public static byte[] Fold(string value) => Encoding.UTF8.GetBytes(value.ToLowerInvariant());

    /// <summary>
    /// The same document with only the header fields in <see cref="CompactFields"/> and no body: what SUBJECT, FROM,
    /// TO, CC, BCC and HEADER on those fields, SENT* and size keys read, at a few hundred bytes per message
    /// (docs/decisions/0014). Its body is empty, so BODY and TEXT must never be evaluated on it.
    /// </summary>
    public static byte[] Compact(byte[] document)
    {
        var source = new SearchDocument(document);
        var compact = new byte[document.Length];
        source.Bytes[..Prefix].CopyTo(compact);
        var length = 0;
        var rest = source.Headers;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..(end + 1)];
            rest = rest[line.Length..];
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && IsCompactField(line[..colon]))
            {
                line.CopyTo(compact.AsSpan(Prefix + length));
                length += line.Length;
            }
        }

        BinaryPrimitives.WriteInt32LittleEndian(compact.AsSpan(13), length);
        var result = compact.AsSpan(0, Prefix + length).ToArray();
        Array.Clear(compact);
        return result;
    }

    /// <summary>
    /// Copies <paramref name="documents"/> into one array, in order, and returns documents over it. A scan then reads
    /// memory front to back: documents allocated one by one, between the other objects of a busy process, were
    /// spread over a fragmented heap, and scanning 10,000 of them for a SUBJECT search cost 6 ms of cache misses
    /// instead of 1 (docs/benchmarks.md). The caller owns <paramref name="arena"/> and zeroes it when done.
    /// </summary>
    public static SearchDocument[] Pack(IReadOnlyList<SearchDocument> documents, out byte[] arena)
    {
        arena = new byte[documents.Sum(d => (long)d._length)];
        var packed = new SearchDocument[documents.Count];
        var offset = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var bytes = documents[i].Bytes;
            bytes.CopyTo(arena.AsSpan(offset));
            packed[i] = new SearchDocument(arena, offset, bytes.Length);
            offset += bytes.Length;
        }

        return packed;
    }

    /// <summary>Whether the compact form keeps the field <paramref name="name"/> (case-insensitive).</summary>
    public static bool IsCompactField(string name) => CompactFields.Any(f => f.Equals(name, StringComparison.OrdinalIgnoreCase));

    static bool IsCompactField(ReadOnlySpan<byte> folded)
    {
        foreach (var field in CompactFieldBytes)
        {
            if (folded.SequenceEqual(field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The RFC 3501 header keys (SUBJECT, FROM, TO, CC, BCC) and Message-ID, which clients look up with
    /// HEADER to find a message they appended or to thread.
    /// </summary>
    static readonly string[] CompactFields = ["subject", "from", "to", "cc", "bcc", "message-id"];

    static readonly byte[][] CompactFieldBytes = [.. CompactFields.Select(f => Encoding.ASCII.GetBytes(f))];

    public bool BodyContains(ReadOnlySpan<byte> needle) => Body.IndexOf(needle) >= 0;

    public bool TextContains(ReadOnlySpan<byte> needle) => Headers.IndexOf(needle) >= 0 || Body.IndexOf(needle) >= 0;

    /// <summary>Whether a field named <paramref name="name"/> (folded) has <paramref name="needle"/> in its value.</summary>
    public bool HeaderContains(ReadOnlySpan<byte> name, ReadOnlySpan<byte> needle)
    {
        var rest = Headers;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.Length > name.Length && line[name.Length] == (byte)':' && line.StartsWith(name) && line[(name.Length + 1)..].IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
