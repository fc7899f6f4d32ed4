// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// Splits one command line (without CRLF) into tokens. Atoms are read leniently (any printable
/// US-ASCII up to SP or a parenthesis) so that FETCH items such as <c>BODY[1.MIME]&lt;0.10&gt;</c>
/// and flags such as <c>\Seen</c> stay whole; the command parsers check their shape.
/// </summary>
static class ImapTokenizer
{
    /// <summary>
    /// Finds a literal announcement <c>{n}</c> or <c>{n+}</c> at the end of the line (RFC 3501 section
    /// 4.3, RFC 7888 section 3), or a literal8 <c>~{n}</c> (RFC 3516 section 4.2, which APPEND's UTF8 data
    /// item uses, RFC 9755 section 4). Its size is <see cref="long.MaxValue"/> when the number does not
    /// fit, so that it fails every limit.
    /// </summary>
    public static LiteralAnnouncement? FindTrailingLiteral(ReadOnlySpan<byte> line)
    {
        if (line.Length < 3 || line[^1] != '}')
        {
            return null;
        }

        var end = line.Length - 1;
        var nonSynchronizing = line[end - 1] == '+';
        if (nonSynchronizing)
        {
            end--;
        }

        var start = end;
        while (start > 0 && line[start - 1] is >= (byte)'0' and <= (byte)'9')
        {
            start--;
        }

        if (start == end || start == 0 || line[start - 1] != '{')
        {
            return null;
        }

        var size = 0L;
        foreach (var digit in line[start..end])
        {
            size = size > (long.MaxValue - 9) / 10 ? long.MaxValue : (size * 10) + (digit - '0');
        }

        var open = start - 1;
        var literal8 = open > 0 && line[open - 1] == '~';
        return new LiteralAnnouncement(literal8 ? open - 1 : open, size, nonSynchronizing, literal8);
    }

    /// <summary>Appends the tokens of <paramref name="text"/>; false with a reason on a syntax error.</summary>
    public static bool TryTokenize(ReadOnlySpan<byte> text, List<ImapToken> tokens, ref int depth, int maxDepth, out string error)
    {
        error = "";
        var i = 0;
        while (i < text.Length)
        {
            var b = text[i];
            switch (b)
            {
                case (byte)' ':
                    i++;
                    break;
                case (byte)'(':
                    if (++depth > maxDepth)
                    {
                        error = "Too many nested parentheses";
                        return false;
                    }

                    tokens.Add(ImapToken.ListStart);
                    i++;
                    break;
                case (byte)')':
                    if (--depth < 0)
                    {
                        error = "Unbalanced parentheses";
                        return false;
                    }

                    tokens.Add(ImapToken.ListEnd);
                    i++;
                    break;
                case (byte)'"':
                    if (!TryReadQuoted(text, ref i, out var quoted, out error))
                    {
                        return false;
                    }

                    tokens.Add(ImapToken.FromQuoted(quoted));
                    break;
                case (byte)'{':
                    error = "A literal must end its line";
                    return false;
                default:
                    var start = i;
                    while (i < text.Length && text[i] is not ((byte)' ' or (byte)'(' or (byte)')'))
                    {
                        if (text[i] is <= 0x20 or >= 0x7F or (byte)'"' or (byte)'{')
                        {
                            error = "Invalid character in atom";
                            return false;
                        }

                        i++;
                    }

                    tokens.Add(ImapToken.FromAtom(Encoding.ASCII.GetString(text[start..i])));
                    break;
            }
        }

        return true;
    }

    // RFC 3501 section 9: quoted = DQUOTE *QUOTED-CHAR DQUOTE, where only \\ and \" are escapes.
    // 8-bit octets are kept (RFC 9755 utf8-quoted); the parsers decide whether they are allowed.
    static bool TryReadQuoted(ReadOnlySpan<byte> text, ref int i, out byte[] value, out string error)
    {
        var buffer = new List<byte>();
        i++;
        while (i < text.Length)
        {
            var b = text[i++];
            if (b == '"')
            {
                value = [.. buffer];
                error = "";
                return true;
            }

            if (b == '\\')
            {
                if (i >= text.Length || text[i] is not ((byte)'\\' or (byte)'"'))
                {
                    break;
                }

                b = text[i++];
            }
            else if (b is 0 or (byte)'\r')
            {
                break;
            }

            buffer.Add(b);
        }

        value = [];
        error = "Invalid quoted string";
        return false;
    }
}
