// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// A cursor over a command's tokens with the grammar rules of RFC 3501 section 9. Every Read method
/// throws <see cref="ImapParseException"/> when the next token does not fit.
/// </summary>
sealed class ImapArguments(IReadOnlyList<ImapToken> tokens, bool utf8Accept)
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    int _index;

    public bool AtEnd => _index >= tokens.Count;

    public ImapToken? Peek => AtEnd ? null : tokens[_index];

    public bool PeekListStart => Peek?.Kind == ImapTokenKind.ListStart;

    /// <summary>The client enabled UTF8=ACCEPT (RFC 9755 section 3).</summary>
    public bool Utf8Accept => utf8Accept;

    public bool PeekListEnd => Peek?.Kind == ImapTokenKind.ListEnd;

    public ImapToken Next()
    {
        if (AtEnd)
        {
            throw new ImapParseException("Missing argument");
        }

        return tokens[_index++];
    }

    public void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw new ImapParseException("Too many arguments");
        }
    }

    public string ReadAtom()
    {
        var token = Next();
        return token.Kind == ImapTokenKind.Atom ? token.Atom! : throw new ImapParseException("Expected an atom");
    }

    /// <summary>Consumes the next token when it is the atom <paramref name="word"/> (any case).</summary>
    public bool TryReadWord(string word)
    {
        if (Peek is { Kind: ImapTokenKind.Atom } token && token.Atom!.Equals(word, StringComparison.OrdinalIgnoreCase))
        {
            _index++;
            return true;
        }

        return false;
    }

    public void ReadListStart()
    {
        if (Next().Kind != ImapTokenKind.ListStart)
        {
            throw new ImapParseException("Expected (");
        }
    }

    public bool TryReadListStart()
    {
        if (PeekListStart)
        {
            _index++;
            return true;
        }

        return false;
    }

    public bool TryReadListEnd()
    {
        if (PeekListEnd)
        {
            _index++;
            return true;
        }

        return false;
    }

    /// <summary>astring = 1*ASTRING-CHAR / string, as UTF-8 text.</summary>
    public string ReadAstring()
    {
        var token = Next();
        return token.Kind switch
        {
            ImapTokenKind.Atom => token.Atom!,
            ImapTokenKind.Quoted or ImapTokenKind.Literal => Utf8(token.Bytes!),
            _ => throw new ImapParseException("Expected a string"),
        };
    }

    /// <summary>string = quoted / literal.</summary>
    public string ReadString()
    {
        var token = Next();
        return token.IsString ? Utf8(token.Bytes!) : throw new ImapParseException("Expected a quoted string or literal");
    }

    /// <summary>nstring = string / NIL.</summary>
    public string? ReadNString() => TryReadWord("NIL") ? null : ReadString();

    /// <summary>
    /// A mailbox name (RFC 3501 section 5.1): INBOX in any case is INBOX; otherwise modified UTF-7
    /// (section 5.1.3), or UTF-8 once UTF8=ACCEPT is enabled (RFC 9755 section 3).
    /// </summary>
    public string ReadMailbox()
    {
        var raw = ReadAstring();
        return DecodeMailbox(raw);
    }

    public string DecodeMailbox(string raw)
    {
        if (raw.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return "INBOX";
        }

        if (utf8Accept)
        {
            return raw;
        }

        return ModifiedUtf7.TryDecode(raw, out var name) ? name : throw new ImapParseException("Invalid modified UTF-7 in the mailbox name");
    }

    public uint ReadNumber()
    {
        var atom = ReadAtom();
        return uint.TryParse(atom, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ImapParseException("Expected a number");
    }

    /// <summary>mod-sequence-value (RFC 7162 section 7): 1 to 2^63-1.</summary>
    public ulong ReadModSeq(bool allowZero)
    {
        var atom = ReadAtom();
        return ulong.TryParse(atom, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= long.MaxValue && (allowZero || value > 0)
            ? value
            : throw new ImapParseException("Expected a mod-sequence value");
    }

    public SequenceSet ReadSequenceSet() =>
        SequenceSet.TryParse(ReadAtom(), out var set) ? set : throw new ImapParseException("Invalid sequence set");

    /// <summary>flag-list = "(" [flag *(SP flag)] ")"; flags are atoms, system flags start with "\".</summary>
    public EquatableList<string> ReadFlagList()
    {
        ReadListStart();
        var flags = new List<string>();
        while (!TryReadListEnd())
        {
            flags.Add(ReadFlag());
        }

        return new EquatableList<string>(flags);
    }

    public string ReadFlag()
    {
        var flag = ReadAtom();
        var body = flag.StartsWith('\\') ? flag.AsSpan(1) : flag.AsSpan();
        if (body.IsEmpty || body.ContainsAny("[]%*\\"))
        {
            throw new ImapParseException("Invalid flag");
        }

        return flag;
    }

    /// <summary>date = date-text / DQUOTE date-text DQUOTE; date-text = d[d]-Mon-yyyy (RFC 3501 section 9).</summary>
    public DateOnly ReadDate()
    {
        var token = Next();
        var text = token.Kind == ImapTokenKind.Atom ? token.Atom! : token.Kind == ImapTokenKind.Quoted ? Utf8(token.Bytes!) : "";
        var parts = text.Split('-');
        if (parts.Length == 3 && parts[0].Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && MonthOf(parts[1]) is var month and > 0
            && parts[2].Length == 4 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year >= 1 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return new DateOnly(year, month, day);
        }

        throw new ImapParseException("Invalid date");
    }

    /// <summary>date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE (RFC 3501 section 9).</summary>
    public DateTimeOffset ReadDateTime()
    {
        var token = Next();
        var text = token.Kind == ImapTokenKind.Quoted ? Encoding.ASCII.GetString(token.Bytes!) : "";
        // date-day-fixed is a space-padded day; some clients send "01" instead, which we also accept.
        var trimmed = text.TrimStart(' ');
        var pieces = trimmed.Split(' ');
        if (pieces.Length == 3 && pieces[2].Length == 5 && pieces[2][0] is '+' or '-'
            && int.TryParse(pieces[2].AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var zoneHours)
            && int.TryParse(pieces[2].AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var zoneMinutes)
            && zoneMinutes < 60 && zoneHours < 15
            && TimeOnly.TryParseExact(pieces[1], "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var date = new ImapArguments([ImapToken.FromAtom(pieces[0])], false).ReadDate();
            var offset = new TimeSpan(zoneHours, zoneMinutes, 0);
            return new DateTimeOffset(date.ToDateTime(time), pieces[2][0] == '-' ? -offset : offset);
        }

        throw new ImapParseException("Invalid date-time");
    }

    /// <summary>Strict base64 (RFC 4648 section 4): Convert would also skip embedded white space.</summary>
    public static bool IsBase64(string text) =>
        text.Length % 4 == 0
        && !text.AsSpan().ContainsAny(" \t\r\n")
        && (text.Length == 0 || Convert.TryFromBase64String(text, new byte[text.Length / 4 * 3], out _));

    static int MonthOf(string name) =>
        Array.FindIndex(Months, m => m.Equals(name, StringComparison.OrdinalIgnoreCase)) + 1;

    static string Utf8(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ImapParseException("Strings must be UTF-8");
        }
    }
}
