// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Text;
using Lockbox.Vault.Contracts;
using MimeKit;
using MimeKit.Encodings;
using MimeKit.Text;
using MimeKit.Utils;

namespace Lockbox.Vault.Search;

/// <summary>
/// Collects the searchable body text of a message while <see cref="Metadata.MetadataReader"/> streams it:
/// every text/* part, its Content-Transfer-Encoding and charset decoded, HTML reduced to its text, case-folded
/// (lower invariant) so that a search is a plain ordinal substring match. At most <see cref="Limit"/>
/// characters are kept per message (docs/decisions/0009: a documented limit, not a silent one).
/// </summary>
/// <remarks>
/// A plain text part is decoded and folded chunk by chunk as it streams past, and once the limit is reached the rest of
/// the message costs nothing here. WHY: buffering each part whole, as an HTML part still must be for its tokenizer, made
/// a 3 MiB text attachment allocate 9.1 MB, mostly large objects (the decoded bytes, the string, its lower-case copy), for
/// 256 Ki characters kept, and those allocations drove the delivery path's full collections (docs/benchmarks.md, "Search
/// text streamed"). The text is kept as the UTF-8 the search document stores, in a pooled buffer; it and the chunk buffers
/// are cleared when returned, as they hold message plaintext, so dispose the collector once the document is sealed.
/// </remarks>
internal sealed class SearchTextCollector : IDisposable
{
    /// <summary>The default cap: 256 Ki characters of body text per message.</summary>
    public const int DefaultLimit = 256 * 1024;

    byte[] _utf8 = [];
    int _length;
    int _chars;
    bool _inPart;
    bool _separatorDue;
    IMimeDecoder? _transfer;
    Encoding _encoding = Encoding.UTF8;
    Decoder? _charset;
    ArrayBufferWriter<byte>? _html;
    char? _highSurrogate;

    public SearchTextCollector(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
    }

    public int Limit { get; }

    /// <summary>The case-folded body text collected so far, in UTF-8; valid until the collector is disposed.</summary>
    public ReadOnlyMemory<byte> Utf8 => _utf8.AsMemory(0, _length);

    bool Full => _chars >= Limit;

    /// <summary>Clears the collected text (plaintext) and returns its buffer.</summary>
    public void Dispose()
    {
        Return(_utf8, _length);
        (_utf8, _length, _chars) = ([], 0, 0);
    }

    public void BeginPart(ContentType contentType, IReadOnlyList<HeaderField> headers)
    {
        _inPart = contentType.IsMimeType("text", "*") && !Full;
        if (!_inPart)
        {
            return;
        }

        // Parts are separated by a line break, even a part that turns out empty.
        _separatorDue = _chars > 0;
        _encoding = EncodingOf(contentType) ?? Encoding.UTF8;
        _transfer = DecoderFor(headers.LastOrDefault(h => h.Name.Equals("Content-Transfer-Encoding", StringComparison.OrdinalIgnoreCase)));
        if (contentType.IsMimeType("text", "html"))
        {
            _html = new ArrayBufferWriter<byte>();
        }
        else
        {
            _charset = _encoding.GetDecoder();
        }
    }

    public void Read(byte[] content, int startIndex, int count)
    {
        // An HTML part's bytes beyond four times the character cap cannot add text that would be kept.
        if (!_inPart || (_html is null ? Full : _html.WrittenCount > 4L * Limit))
        {
            return;
        }

        if (_transfer is null)
        {
            Take(content.AsSpan(startIndex, count));
            return;
        }

        var decoded = ArrayPool<byte>.Shared.Rent(_transfer.EstimateOutputLength(count));
        try
        {
            Take(decoded.AsSpan(0, _transfer.Decode(content, startIndex, count, decoded)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded, clearArray: true);
        }
    }

    public void EndPart()
    {
        if (!_inPart)
        {
            return;
        }

        if (_html is not null)
        {
            var html = _encoding.GetString(_html.WrittenSpan);
            // Clear() zeroes what was written (best effort: buffers it outgrew are left to the collector).
            _html.Clear();
            Append(HtmlText(html));
        }
        else
        {
            Fold([], flush: true);
        }

        if (_separatorDue)
        {
            AppendSeparator();
        }

        (_inPart, _separatorDue, _transfer, _charset, _html, _highSurrogate) = (false, false, null, null, null, null);
    }

    /// <summary>Transfer-decoded bytes of the open part: kept whole for HTML, folded into the text at once otherwise.</summary>
    void Take(ReadOnlySpan<byte> bytes)
    {
        if (_html is not null)
        {
            _html.Write(bytes);
        }
        else
        {
            Fold(bytes, flush: false);
        }
    }

    /// <summary>Decodes a plain part's next bytes in its charset (a sequence split between chunks is kept for the next) and appends them.</summary>
    void Fold(ReadOnlySpan<byte> bytes, bool flush)
    {
        var chars = ArrayPool<char>.Shared.Rent(_encoding.GetMaxCharCount(bytes.Length) + 1);
        try
        {
            var length = 0;
            if (_highSurrogate is { } high)
            {
                chars[length++] = high;
                _highSurrogate = null;
            }

            length += _charset!.GetChars(bytes, chars.AsSpan(length), flush);
            // A pair split between chunks is folded whole, with the chunk that completes it.
            if (!flush && length > 0 && char.IsHighSurrogate(chars[length - 1]))
            {
                _highSurrogate = chars[--length];
            }

            Append(chars.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars, clearArray: true);
        }
    }

    /// <summary>Appends <paramref name="text"/> lower-cased (invariant), after the part separator, up to the limit.</summary>
    void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || Full)
        {
            return;
        }

        if (_separatorDue)
        {
            AppendSeparator();
        }

        var kept = text[..Math.Min(text.Length, Math.Max(0, Limit - _chars))];
        var folded = ArrayPool<char>.Shared.Rent(kept.Length);
        try
        {
            var length = kept.ToLowerInvariant(folded);
            var chars = folded.AsSpan(0, length);
            Reserve(Encoding.UTF8.GetMaxByteCount(length));
            _length += Encoding.UTF8.GetBytes(chars, _utf8.AsSpan(_length));
            _chars += length;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(folded, clearArray: true);
        }
    }

    void AppendSeparator()
    {
        Reserve(1);
        _utf8[_length++] = (byte)'\n';
        _chars++;
        _separatorDue = false;
    }

    /// <summary>Room for <paramref name="bytes"/> more: a larger pooled buffer, the old one cleared and returned.</summary>
    void Reserve(int bytes)
    {
        if (_length + bytes <= _utf8.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + bytes, 2 * _utf8.Length));
        _utf8.AsSpan(0, _length).CopyTo(larger);
        Return(_utf8, _length);
        _utf8 = larger;
    }

    static void Return(byte[] buffer, int written)
    {
        if (buffer.Length > 0)
        {
            buffer.AsSpan(0, written).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static IMimeDecoder? DecoderFor(HeaderField? header)
    {
        if (header is null || !MimeUtils.TryParse(Encoding.ASCII.GetString(header.RawValue).Trim(), out ContentEncoding encoding))
        {
            return null;
        }

        return encoding switch
        {
            ContentEncoding.Base64 => new Base64Decoder(),
            ContentEncoding.QuotedPrintable => new QuotedPrintableDecoder(),
            ContentEncoding.UUEncode => new UUDecoder(),
            _ => null,
        };
    }

    static Encoding? EncodingOf(ContentType contentType)
    {
        try
        {
            return contentType.CharsetEncoding;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            // An unknown charset: UTF-8 with replacement characters still finds the ASCII words.
            return null;
        }
    }

    /// <summary>
    /// The text an HTML part shows: data outside script and style; block elements break lines, inline ones
    /// do not ("W&lt;b&gt;elt&lt;/b&gt;" is one word), and runs of white space are one space, as a browser renders them.
    /// </summary>
    static string HtmlText(string html)
    {
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var text = new StringBuilder(html.Length / 2);
        var hidden = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style:
                    hidden = tag.IsEndTag ? Math.Max(0, hidden - 1) : tag.IsEmptyElement ? hidden : hidden + 1;
                    break;
                case HtmlTagToken tag when BlockTags.Contains(tag.Id):
                    text.Append('\n');
                    break;
                case HtmlDataToken data when hidden == 0 && token.Kind != HtmlTokenKind.ScriptData:
                    AppendCollapsed(text, data.Data);
                    break;
            }
        }

        return text.ToString();
    }

    static void AppendCollapsed(StringBuilder text, string data)
    {
        foreach (var c in data)
        {
            if (!char.IsWhiteSpace(c))
            {
                text.Append(c);
            }
            else if (text.Length > 0 && !char.IsWhiteSpace(text[^1]))
            {
                text.Append(' ');
            }
        }
    }

    static readonly HashSet<HtmlTagId> BlockTags =
    [
        HtmlTagId.P, HtmlTagId.Div, HtmlTagId.Br, HtmlTagId.LI, HtmlTagId.TR, HtmlTagId.TD, HtmlTagId.TH, HtmlTagId.Table,
        HtmlTagId.H1, HtmlTagId.H2, HtmlTagId.H3, HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6, HtmlTagId.BlockQuote,
        HtmlTagId.HR, HtmlTagId.Pre, HtmlTagId.UL, HtmlTagId.OL, HtmlTagId.Title, HtmlTagId.Body,
    ];
}
