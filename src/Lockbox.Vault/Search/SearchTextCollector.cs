// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Security.Cryptography;
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
internal sealed class SearchTextCollector
{
    /// <summary>The default cap: 256 Ki characters of body text per message.</summary>
    public const int DefaultLimit = 256 * 1024;

    readonly StringBuilder _text = new();
    ArrayBufferWriter<byte>? _part;
    IMimeDecoder? _decoder;
    Encoding? _encoding;
    bool _html;

    public SearchTextCollector(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
    }

    public int Limit { get; }

    /// <summary>The case-folded body text collected so far.</summary>
    public string Text => _text.ToString();

    public void BeginPart(ContentType contentType, IReadOnlyList<HeaderField> headers)
    {
        _part = null;
        if (!contentType.IsMimeType("text", "*") || _text.Length >= Limit)
        {
            return;
        }

        _part = new ArrayBufferWriter<byte>();
        _html = contentType.IsMimeType("text", "html");
        _encoding = EncodingOf(contentType);
        _decoder = DecoderFor(headers.LastOrDefault(h => h.Name.Equals("Content-Transfer-Encoding", StringComparison.OrdinalIgnoreCase)));
    }

    public void Read(byte[] content, int startIndex, int count)
    {
        // Decoded bytes beyond four times the character cap cannot add text that would be kept.
        if (_part is null || _part.WrittenCount > 4L * Limit)
        {
            return;
        }

        if (_decoder is null)
        {
            _part.Write(content.AsSpan(startIndex, count));
            return;
        }

        var output = new byte[_decoder.EstimateOutputLength(count)];
        var written = _decoder.Decode(content, startIndex, count, output);
        _part.Write(output.AsSpan(0, written));
        CryptographicOperations.ZeroMemory(output);
    }

    public void EndPart()
    {
        if (_part is null)
        {
            return;
        }

        var text = (_encoding ?? Encoding.UTF8).GetString(_part.WrittenSpan);
        // Clear() zeroes what was written (best effort: buffers it outgrew are left to the collector).
        _part.Clear();
        _part = null;
        if (_html)
        {
            text = HtmlText(text);
        }

        if (_text.Length > 0)
        {
            _text.Append('\n');
        }

        _text.Append(text.ToLowerInvariant(), 0, Math.Min(text.Length, Limit - Math.Min(_text.Length, Limit)));
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
