// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>SEARCH arguments (RFC 3501 section 6.4.4, MODSEQ from RFC 7162 section 3.1.5).</summary>
static class SearchParser
{
    // NOT and OR nest without parentheses, so the tokenizer's depth cap does not bound them.
    // Real clients nest a handful of levels; the cap keeps the recursion far from the stack limit.
    const int MaxDepth = 64;

    public static SearchCommand Parse(bool uid, ImapArguments args)
    {
        var returns = args.TryReadWord("RETURN") ? ReadReturn(args) : null;
        string? charset = null;
        if (args.TryReadWord("CHARSET"))
        {
            charset = args.ReadAstring().ToUpperInvariant();
            // RFC 9755 section 3: after ENABLE UTF8=ACCEPT the strings are UTF-8, and another label
            // conflicts with that: BAD. UTF-8 itself agrees and is let through.
            if (args.Utf8Accept && charset != "UTF-8")
            {
                throw new ImapParseException("CHARSET " + charset + " conflicts with UTF8=ACCEPT");
            }
        }

        var keys = new List<SearchKey> { ReadKey(args, 0) };
        while (!args.AtEnd)
        {
            keys.Add(ReadKey(args, 0));
        }

        return new SearchCommand(uid, charset, keys.Count == 1 ? keys[0] : new SearchKey.AllOf(new EquatableList<SearchKey>(keys))) { Return = returns };
    }

    // RFC 4731 section 3.1: RETURN (MIN MAX ALL COUNT), in any order; "RETURN ()" means ALL.
    // SAVE (RFC 5182) and options of other extensions are not supported: BAD, as for an unknown key.
    static EquatableList<SearchReturn> ReadReturn(ImapArguments args)
    {
        args.ReadListStart();
        var options = new List<SearchReturn>();
        while (!args.TryReadListEnd())
        {
            var option = args.ReadAtom().ToUpperInvariant() switch
            {
                "MIN" => SearchReturn.Min,
                "MAX" => SearchReturn.Max,
                "ALL" => SearchReturn.All,
                "COUNT" => SearchReturn.Count,
                _ => throw new ImapParseException("Unknown SEARCH RETURN option"),
            };
            if (!options.Contains(option))
            {
                options.Add(option);
            }
        }

        return new EquatableList<SearchReturn>(options.Count == 0 ? [SearchReturn.All] : options);
    }

    static SearchKey ReadKey(ImapArguments args, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ImapParseException("SEARCH nests too deeply");
        }

        if (args.TryReadListStart())
        {
            var keys = new List<SearchKey>();
            do
            {
                keys.Add(ReadKey(args, depth + 1));
            }
            while (!args.TryReadListEnd());

            return keys.Count == 1 ? keys[0] : new SearchKey.AllOf(new EquatableList<SearchKey>(keys));
        }

        var atom = args.ReadAtom();
        var word = atom.ToUpperInvariant();
        return word switch
        {
            "ALL" => SearchKey.Everything,
            "ANSWERED" => new SearchKey.Flag("\\Answered", true),
            "UNANSWERED" => new SearchKey.Flag("\\Answered", false),
            "DELETED" => new SearchKey.Flag("\\Deleted", true),
            "UNDELETED" => new SearchKey.Flag("\\Deleted", false),
            "DRAFT" => new SearchKey.Flag("\\Draft", true),
            "UNDRAFT" => new SearchKey.Flag("\\Draft", false),
            "FLAGGED" => new SearchKey.Flag("\\Flagged", true),
            "UNFLAGGED" => new SearchKey.Flag("\\Flagged", false),
            "SEEN" => new SearchKey.Flag("\\Seen", true),
            "UNSEEN" => new SearchKey.Flag("\\Seen", false),
            "RECENT" => new SearchKey.Flag("\\Recent", true),
            "OLD" => new SearchKey.Flag("\\Recent", false),
            "NEW" => new SearchKey.AllOf([new SearchKey.Flag("\\Recent", true), new SearchKey.Flag("\\Seen", false)]),
            "KEYWORD" => new SearchKey.Flag(args.ReadFlag(), true),
            "UNKEYWORD" => new SearchKey.Flag(args.ReadFlag(), false),
            "BCC" => new SearchKey.Text(SearchTextField.Bcc, args.ReadAstring()),
            "CC" => new SearchKey.Text(SearchTextField.Cc, args.ReadAstring()),
            "FROM" => new SearchKey.Text(SearchTextField.From, args.ReadAstring()),
            "TO" => new SearchKey.Text(SearchTextField.To, args.ReadAstring()),
            "SUBJECT" => new SearchKey.Text(SearchTextField.Subject, args.ReadAstring()),
            "BODY" => new SearchKey.Text(SearchTextField.Body, args.ReadAstring()),
            "TEXT" => new SearchKey.Text(SearchTextField.Text, args.ReadAstring()),
            "HEADER" => new SearchKey.Header(args.ReadAstring(), args.ReadAstring()),
            "BEFORE" => new SearchKey.DateMatch(SearchDateField.Internal, SearchDateComparison.Before, args.ReadDate()),
            "ON" => new SearchKey.DateMatch(SearchDateField.Internal, SearchDateComparison.On, args.ReadDate()),
            "SINCE" => new SearchKey.DateMatch(SearchDateField.Internal, SearchDateComparison.Since, args.ReadDate()),
            "SENTBEFORE" => new SearchKey.DateMatch(SearchDateField.Sent, SearchDateComparison.Before, args.ReadDate()),
            "SENTON" => new SearchKey.DateMatch(SearchDateField.Sent, SearchDateComparison.On, args.ReadDate()),
            "SENTSINCE" => new SearchKey.DateMatch(SearchDateField.Sent, SearchDateComparison.Since, args.ReadDate()),
            "LARGER" => new SearchKey.Size(true, args.ReadNumber()),
            "SMALLER" => new SearchKey.Size(false, args.ReadNumber()),
            "UID" => new SearchKey.Uid(args.ReadSequenceSet()),
            "NOT" => new SearchKey.Negated(ReadKey(args, depth + 1)),
            "OR" => new SearchKey.Either(ReadKey(args, depth + 1), ReadKey(args, depth + 1)),
            "MODSEQ" => ReadModSeq(args),
            _ => SequenceSet.TryParse(atom, out var set) ? new SearchKey.Sequence(set) : throw new ImapParseException("Unknown SEARCH key"),
        };
    }

    // RFC 7162 section 3.1.5: MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer.
    // The entry names metadata of a single flag; Lockbox keeps one mod-sequence per message, so
    // the entry is checked and ignored, which the RFC allows (the result is then a superset).
    static SearchKey.ModSeq ReadModSeq(ImapArguments args)
    {
        if (args.Peek?.Kind == ImapTokenKind.Quoted)
        {
            args.ReadString();
            if (!(args.TryReadWord("priv") || args.TryReadWord("shared") || args.TryReadWord("all")))
            {
                throw new ImapParseException("Expected priv, shared or all");
            }
        }

        return new SearchKey.ModSeq(args.ReadModSeq(allowZero: true));
    }
}
