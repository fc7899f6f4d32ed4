// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// The modified UTF-7 of IMAP mailbox names (RFC 3501 section 5.1.3): printable US-ASCII stands for
/// itself, "&amp;" is written "&amp;-", everything else is UTF-16BE in base64 with "," for "/", between
/// "&amp;" and "-". Decoding is strict, as Dovecot's imap-utf7 is, so every name has one spelling.
/// </summary>
public static class ModifiedUtf7
{
    const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /// <summary>Encodes a mailbox name. Throws <see cref="ArgumentException"/> on unpaired surrogates.</summary>
    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var output = new StringBuilder(name.Length);
        var i = 0;
        while (i < name.Length)
        {
            var c = name[i];
            if (c == '&')
            {
                output.Append("&-");
                i++;
            }
            else if (c is >= ' ' and <= '~')
            {
                output.Append(c);
                i++;
            }
            else
            {
                var start = i;
                while (i < name.Length && name[i] is < ' ' or > '~')
                {
                    i++;
                }

                var run = name.AsSpan(start, i - start);
                if (!IsWellFormed(run))
                {
                    throw new ArgumentException("The mailbox name has an unpaired surrogate.", nameof(name));
                }

                output.Append('&');
                AppendBase64(output, Encoding.BigEndianUnicode.GetBytes(run.ToArray()));
                output.Append('-');
            }
        }

        return output.ToString();
    }

    /// <summary>Decodes a mailbox name; false when it is not valid modified UTF-7.</summary>
    public static bool TryDecode(string encoded, out string name)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        name = "";
        var output = new StringBuilder(encoded.Length);
        var i = 0;
        var previousWasEncoded = false;
        while (i < encoded.Length)
        {
            var c = encoded[i];
            if (c is < ' ' or > '~')
            {
                return false;
            }

            if (c != '&')
            {
                output.Append(c);
                i++;
                previousWasEncoded = false;
                continue;
            }

            var end = encoded.IndexOf('-', i + 1);
            if (end < 0)
            {
                return false;
            }

            if (end == i + 1)
            {
                output.Append('&');
                i = end + 1;
                previousWasEncoded = false;
                continue;
            }

            // Section 5.1.3: adjacent encoded runs must be one run, and an encoded run must not hold
            // printable US-ASCII; either would give a name a second spelling.
            if (previousWasEncoded || !TryDecodeRun(encoded.AsSpan(i + 1, end - i - 1), output))
            {
                return false;
            }

            previousWasEncoded = true;
            i = end + 1;
        }

        name = output.ToString();
        return true;
    }

    static bool TryDecodeRun(ReadOnlySpan<char> run, StringBuilder output)
    {
        var bytes = new List<byte>(run.Length);
        int buffer = 0, bits = 0;
        foreach (var c in run)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        // Leftover bits must be zero padding shorter than one base64 digit, and UTF-16 needs byte pairs.
        if (bits >= 6 || buffer != 0 || bytes.Count % 2 != 0 || bytes.Count == 0)
        {
            return false;
        }

        // Chars are built by hand: Encoding.BigEndianUnicode would turn a lone surrogate into U+FFFD.
        var chars = new char[bytes.Count / 2];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)((bytes[2 * i] << 8) | bytes[(2 * i) + 1]);
        }

        var text = new string(chars);
        if (!IsWellFormed(text) || text.Any(ch => ch is >= ' ' and <= '~'))
        {
            return false;
        }

        output.Append(text);
        return true;
    }

    static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    static void AppendBase64(StringBuilder output, byte[] bytes)
    {
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 6)
            {
                bits -= 6;
                output.Append(Alphabet[(buffer >> bits) & 0x3F]);
            }

            buffer &= (1 << bits) - 1;
        }

        if (bits > 0)
        {
            output.Append(Alphabet[(buffer << (6 - bits)) & 0x3F]);
        }
    }
}
