// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Fetch;

/// <summary>
/// An RFC 5322 section 3.4 address-list, read leniently (obs- forms, garbage skipped to the next comma)
/// and kept raw: display names keep their encoded words and 8-bit octets, as Dovecot sends them in an
/// ENVELOPE. MimeKit's InternetAddressList decodes names, and a front end may not reference MimeKit
/// (it carries BouncyCastle), so this small reader is hand-written.
/// </summary>
internal sealed class AddressParser
{
    readonly byte[] _text;
    readonly List<ImapAddress> _addresses = [];
    int _pos;
    byte[]? _comment;

    AddressParser(byte[] text)
    {
        _text = text;
    }

    bool AtEnd => _pos >= _text.Length;

    byte Peek => _text[_pos];

    /// <summary>The addresses of an unfolded header value, in order; groups framed by their markers.</summary>
    public static IReadOnlyList<ImapAddress> Parse(byte[] unfolded)
    {
        var parser = new AddressParser(unfolded);
        parser.ParseList(inGroup: false);
        return parser._addresses;
    }

    void ParseList(bool inGroup)
    {
        while (true)
        {
            SkipCfws();
            if (AtEnd)
            {
                return;
            }

            if (Peek == (byte)';' && inGroup)
            {
                _pos++;
                return;
            }

            if (Peek is (byte)',' or (byte)';')
            {
                _pos++;
                continue;
            }

            var start = _pos;
            ParseAddress(inGroup);
            SkipToSeparator();
            if (_pos == start)
            {
                _pos++;
            }
        }
    }

    void ParseAddress(bool inGroup)
    {
        _comment = null;
        var words = ReadWords();
        SkipCfws();
        var next = AtEnd ? (byte)0 : Peek;
        if (next == (byte)':' && !inGroup)
        {
            // group = display-name ":" [group-list] ";" (RFC 5322 section 3.4).
            _pos++;
            _addresses.Add(ImapAddress.GroupStart(JoinPhrase(words) ?? []));
            ParseList(inGroup: true);
            _addresses.Add(ImapAddress.GroupEnd);
        }
        else if (next == (byte)'<')
        {
            _pos++;
            ParseAngleAddress(JoinPhrase(words));
        }
        else if (next == (byte)'@')
        {
            _pos++;
            var domain = ReadDomain();
            // addr-spec alone: a comment after it is the only name there is (what Dovecot and UW-IMAP use).
            SkipCfws();
            _addresses.Add(new ImapAddress(_comment, null, Concat(words), domain));
        }
        else if (words.Count > 0)
        {
            // A bare local part: the host is missing, but NIL would read as a group marker.
            _addresses.Add(new ImapAddress(null, null, Concat(words), []));
        }
    }

    // angle-addr = "<" [obs-route] addr-spec ">"; obs-route = obs-domain-list ":" (RFC 5322 section 4.4).
    void ParseAngleAddress(byte[]? name)
    {
        SkipCfws();
        byte[]? route = null;
        if (!AtEnd && Peek == (byte)'@')
        {
            var colon = Array.IndexOf(_text, (byte)':', _pos);
            var close = Array.IndexOf(_text, (byte)'>', _pos);
            if (colon > 0 && (close < 0 || colon < close))
            {
                route = [.. _text.AsSpan(_pos, colon - _pos).ToArray().Where(b => b is not ((byte)' ' or (byte)'\t'))];
                _pos = colon + 1;
            }
        }

        var local = Concat(ReadWords());
        SkipCfws();
        byte[] host = [];
        if (!AtEnd && Peek == (byte)'@')
        {
            _pos++;
            host = ReadDomain();
        }

        SkipCfws();
        if (!AtEnd && Peek == (byte)'>')
        {
            _pos++;
        }

        if (local.Length == 0 && host.Length == 0)
        {
            // "<>", the null reverse path: no mailbox to show.
            return;
        }

        _addresses.Add(new ImapAddress(name, route, local, host));
    }

    // domain = dot-atom / domain-literal (RFC 5322 section 3.4.1); the rare obs-domain with CFWS inside is cut at the CFWS.
    byte[] ReadDomain()
    {
        SkipCfws();
        if (!AtEnd && Peek == (byte)'[')
        {
            var close = Array.IndexOf(_text, (byte)']', _pos);
            var end = close < 0 ? _text.Length : close + 1;
            var literal = _text.AsSpan(_pos, end - _pos).ToArray();
            _pos = end;
            return literal;
        }

        var begin = _pos;
        while (!AtEnd && IsAtom(Peek))
        {
            _pos++;
        }

        return _text.AsSpan(begin, _pos - begin).ToArray();
    }

    /// <summary>Words of a phrase or local part: atoms (dots allowed, obs-phrase) and quoted strings, unquoted.</summary>
    List<byte[]> ReadWords()
    {
        var words = new List<byte[]>();
        while (true)
        {
            SkipCfws();
            if (AtEnd)
            {
                return words;
            }

            if (Peek == (byte)'"')
            {
                words.Add(ReadQuoted());
            }
            else if (IsAtom(Peek))
            {
                var start = _pos;
                while (!AtEnd && IsAtom(Peek))
                {
                    _pos++;
                }

                words.Add(_text.AsSpan(start, _pos - start).ToArray());
            }
            else
            {
                return words;
            }
        }
    }

    byte[] ReadQuoted()
    {
        var value = new List<byte>();
        _pos++;
        while (!AtEnd && Peek != (byte)'"')
        {
            if (Peek == (byte)'\\' && _pos + 1 < _text.Length)
            {
                _pos++;
            }

            value.Add(Peek);
            _pos++;
        }

        if (!AtEnd)
        {
            _pos++;
        }

        return [.. value];
    }

    // CFWS (RFC 5322 section 3.2.2); the text of the last comment is kept as a fallback name.
    void SkipCfws()
    {
        while (!AtEnd)
        {
            if (Peek is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                _pos++;
            }
            else if (Peek == (byte)'(')
            {
                var start = _pos + 1;
                var depth = 0;
                do
                {
                    if (Peek == (byte)'\\')
                    {
                        _pos++;
                    }
                    else if (Peek == (byte)'(')
                    {
                        depth++;
                    }
                    else if (Peek == (byte)')')
                    {
                        depth--;
                    }

                    _pos++;
                }
                while (depth > 0 && !AtEnd);

                var end = Math.Min(depth == 0 ? _pos - 1 : _pos, _text.Length);
                _comment = end > start ? _text.AsSpan(start, end - start).Trim(" \t"u8).ToArray() : null;
            }
            else
            {
                return;
            }
        }
    }

    void SkipToSeparator()
    {
        while (!AtEnd && Peek is not ((byte)',' or (byte)';'))
        {
            if (Peek == (byte)'"')
            {
                ReadQuoted();
            }
            else
            {
                _pos++;
            }
        }
    }

    // atext plus "." (dot-atom, obs-phrase) and 8-bit octets (RFC 6532 section 3.2).
    static bool IsAtom(byte b) =>
        b > 0x20 && b != 0x7f && b is not ((byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']'
            or (byte)':' or (byte)';' or (byte)'@' or (byte)'\\' or (byte)',' or (byte)'"');

    static byte[]? JoinPhrase(List<byte[]> words) =>
        words.Count == 0 ? null : [.. words.SelectMany((w, i) => i == 0 ? w : [(byte)' ', .. w])];

    static byte[] Concat(List<byte[]> words) => [.. words.SelectMany(w => w)];
}
