// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Lockbox.Imap.Protocol;

/// <summary>FETCH arguments (RFC 3501 section 6.4.5, CHANGEDSINCE from RFC 7162 section 3.1.4).</summary>
static class FetchParser
{
    static readonly FetchAtt[] Fast =
    [
        new FetchAtt.Simple(FetchItem.Flags),
        new FetchAtt.Simple(FetchItem.InternalDate),
        new FetchAtt.Simple(FetchItem.Rfc822Size),
    ];

    public static FetchCommand Parse(bool uid, ImapArguments args)
    {
        var set = args.ReadSequenceSet();
        var attributes = new List<FetchAtt>();
        if (args.TryReadListStart())
        {
            do
            {
                attributes.Add(ReadAttribute(args));
            }
            while (!args.TryReadListEnd());
        }
        else if (args.TryReadWord("ALL"))
        {
            // The macros of RFC 3501 section 6.4.5; they may not be combined with other items.
            attributes.AddRange([.. Fast, new FetchAtt.Simple(FetchItem.Envelope)]);
        }
        else if (args.TryReadWord("FAST"))
        {
            attributes.AddRange(Fast);
        }
        else if (args.TryReadWord("FULL"))
        {
            attributes.AddRange([.. Fast, new FetchAtt.Simple(FetchItem.Envelope), new FetchAtt.Simple(FetchItem.Body)]);
        }
        else
        {
            attributes.Add(ReadAttribute(args));
        }

        ulong? changedSince = null;
        if (args.TryReadListStart())
        {
            // RFC 7162 section 3.1.4: fetch-modifier "CHANGEDSINCE" SP mod-sequence-valzer.
            if (!args.TryReadWord("CHANGEDSINCE"))
            {
                throw new ImapParseException("Unknown FETCH modifier");
            }

            changedSince = args.ReadModSeq(allowZero: true);
            if (!args.TryReadListEnd())
            {
                throw new ImapParseException("Expected )");
            }
        }

        return new FetchCommand(uid, set, new EquatableList<FetchAtt>(attributes), changedSince);
    }

    static FetchAtt ReadAttribute(ImapArguments args)
    {
        var atom = args.ReadAtom();
        var upper = atom.ToUpperInvariant();
        if (upper.StartsWith("BODY[", StringComparison.Ordinal))
        {
            return ReadSection(args, atom["BODY[".Length..], peek: false);
        }

        if (upper.StartsWith("BODY.PEEK[", StringComparison.Ordinal))
        {
            return ReadSection(args, atom["BODY.PEEK[".Length..], peek: true);
        }

        return new FetchAtt.Simple(upper switch
        {
            "ENVELOPE" => FetchItem.Envelope,
            "FLAGS" => FetchItem.Flags,
            "INTERNALDATE" => FetchItem.InternalDate,
            "RFC822.SIZE" => FetchItem.Rfc822Size,
            "UID" => FetchItem.Uid,
            "BODYSTRUCTURE" => FetchItem.BodyStructure,
            "BODY" => FetchItem.Body,
            "MODSEQ" => FetchItem.ModSeq,
            "RFC822" => FetchItem.Rfc822,
            "RFC822.HEADER" => FetchItem.Rfc822Header,
            "RFC822.TEXT" => FetchItem.Rfc822Text,
            _ => throw new ImapParseException("Unknown FETCH item"),
        });
    }

    // The tokenizer splits BODY[HEADER.FIELDS (A B)]<0.10> into "BODY[HEADER.FIELDS", a list and
    // "]<0.10>"; every other section arrives as one atom.
    static FetchAtt.Body ReadSection(ImapArguments args, string rest, bool peek)
    {
        var close = rest.IndexOf(']', StringComparison.Ordinal);
        string spec, tail;
        var fields = new List<string>();
        if (close >= 0)
        {
            spec = rest[..close];
            tail = rest[(close + 1)..];
        }
        else
        {
            spec = rest;
            args.ReadListStart();
            do
            {
                // header-fld-name = astring (RFC 3501 section 9).
                fields.Add(args.ReadAstring());
            }
            while (!args.TryReadListEnd());

            var after = args.ReadAtom();
            if (!after.StartsWith(']'))
            {
                throw new ImapParseException("Expected ] after the header list");
            }

            tail = after[1..];
        }

        var section = ParseSpec(spec, new EquatableList<string>(fields));
        return new FetchAtt.Body(section, peek, ParsePartial(tail));
    }

    static BodySection ParseSpec(string spec, EquatableList<string> fields)
    {
        var parts = new List<uint>();
        var rest = spec;
        while (rest.Length > 0 && char.IsAsciiDigit(rest[0]))
        {
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var number = dot < 0 ? rest : rest[..dot];
            if (!uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var part) || part == 0 || number[0] == '0')
            {
                throw new ImapParseException("Invalid section part number");
            }

            parts.Add(part);
            rest = dot < 0 ? "" : rest[(dot + 1)..];
            if (dot >= 0 && rest.Length == 0)
            {
                throw new ImapParseException("Invalid section");
            }
        }

        var text = rest.ToUpperInvariant() switch
        {
            "" => SectionText.Full,
            "HEADER" => SectionText.Header,
            "HEADER.FIELDS" => SectionText.HeaderFields,
            "HEADER.FIELDS.NOT" => SectionText.HeaderFieldsNot,
            "TEXT" => SectionText.Text,
            "MIME" when parts.Count > 0 => SectionText.Mime,
            _ => throw new ImapParseException("Invalid section"),
        };
        if ((text is SectionText.HeaderFields or SectionText.HeaderFieldsNot) != (fields.Count > 0))
        {
            throw new ImapParseException("HEADER.FIELDS needs a list of field names");
        }

        return new BodySection(new EquatableList<uint>(parts), text, fields);
    }

    // "<" number "." nz-number ">" (RFC 3501 section 9).
    static FetchPartial? ParsePartial(string tail)
    {
        if (tail.Length == 0)
        {
            return null;
        }

        var dot = tail.IndexOf('.', StringComparison.Ordinal);
        if (tail[0] == '<' && tail[^1] == '>' && dot > 0
            && uint.TryParse(tail.AsSpan(1, dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            && uint.TryParse(tail.AsSpan(dot + 1, tail.Length - dot - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length > 0)
        {
            return new FetchPartial(offset, length);
        }

        throw new ImapParseException("Invalid partial range");
    }
}
