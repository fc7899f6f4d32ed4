// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Fetch;

/// <summary>Header fields from the metadata's header cache: lookups, unfolding, and the raw lines of HEADER.FIELDS.</summary>
internal static class HeaderBlock
{
    static readonly byte[] CrLf = "\r\n"u8.ToArray();

    /// <summary>The raw value of the first field called <paramref name="name"/> (RFC 5322 field names are case-insensitive), or null.</summary>
    public static byte[]? First(IReadOnlyList<HeaderField> headers, string name)
    {
        foreach (var header in headers)
        {
            if (!header.NoColon && header.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return header.RawValue;
            }
        }

        return null;
    }

    /// <summary>The first field's value, unfolded, as an nstring: NIL when the field is absent.</summary>
    public static ImapValue NString(IReadOnlyList<HeaderField> headers, string name) =>
        First(headers, name) is { } raw ? new ImapValue.RawString(Unfold(raw)) : ImapValue.NilValue;

    /// <summary>
    /// The value unfolded (RFC 5322 section 2.2.3: line ends removed, the whitespace after them kept) and
    /// trimmed of the whitespace around it. Encoded words stay encoded, as Dovecot sends them.
    /// </summary>
    public static byte[] Unfold(ReadOnlySpan<byte> raw)
    {
        var output = new byte[raw.Length];
        var n = 0;
        foreach (var b in raw)
        {
            if (b is not ((byte)'\r' or (byte)'\n'))
            {
                output[n++] = b;
            }
        }

        var span = output.AsSpan(0, n).Trim(" \t"u8);
        return span.ToArray();
    }

    /// <summary>
    /// HEADER.FIELDS (list) or HEADER.FIELDS.NOT (list) (RFC 3501 section 6.4.5): the matching lines exactly
    /// as stored, in order, then the blank line that ends a header.
    /// </summary>
    public static byte[] Fields(IReadOnlyList<HeaderField> headers, IReadOnlyList<string> names, bool not)
    {
        using var output = new MemoryStream();
        foreach (var header in headers)
        {
            var listed = !header.NoColon && names.Any(n => n.Equals(header.Name, StringComparison.OrdinalIgnoreCase));
            if (listed != not)
            {
                WriteLine(header, output);
            }
        }

        output.Write(CrLf);
        return output.ToArray();
    }

    static void WriteLine(HeaderField header, MemoryStream output)
    {
        output.Write(header.RawName is { Length: > 0 } raw ? raw : Encoding.UTF8.GetBytes(header.Name));
        if (!header.NoColon)
        {
            output.WriteByte((byte)':');
            output.Write(header.RawValue);
        }

        // A header at the very end of a message may lack its line end; the block must still end in one.
        if (output.Length > 0 && output.GetBuffer()[output.Length - 1] != (byte)'\n')
        {
            output.Write(CrLf);
        }
    }
}
