// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>LIST (with the LIST-EXTENDED options of RFC 5258) and LSUB arguments.</summary>
static class ListParser
{
    // RFC 5258 section 6: "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts].
    public static ListCommand ParseList(ImapArguments args)
    {
        var selection = ListSelection.None;
        if (args.TryReadListStart())
        {
            while (!args.TryReadListEnd())
            {
                selection |= args.ReadAtom().ToUpperInvariant() switch
                {
                    "SUBSCRIBED" => ListSelection.Subscribed,
                    "REMOTE" => ListSelection.Remote,
                    "RECURSIVEMATCH" => ListSelection.RecursiveMatch,
                    "SPECIAL-USE" => ListSelection.SpecialUse,
                    _ => throw new ImapParseException("Unknown LIST selection option"),
                };
            }

            // RFC 5258 section 3.1: RECURSIVEMATCH alone is an error.
            if (selection == ListSelection.RecursiveMatch)
            {
                throw new ImapParseException("RECURSIVEMATCH needs another selection option");
            }
        }

        var reference = ReadPattern(args);
        var patterns = new List<string>();
        if (args.TryReadListStart())
        {
            do
            {
                patterns.Add(ReadPattern(args));
            }
            while (!args.TryReadListEnd());
        }
        else
        {
            patterns.Add(ReadPattern(args));
        }

        var returns = ListReturn.None;
        EquatableList<StatusItem> statusItems = [];
        if (args.TryReadWord("RETURN"))
        {
            args.ReadListStart();
            while (!args.TryReadListEnd())
            {
                var option = args.ReadAtom().ToUpperInvariant();
                returns |= option switch
                {
                    "SUBSCRIBED" => ListReturn.Subscribed,
                    "CHILDREN" => ListReturn.Children,
                    "SPECIAL-USE" => ListReturn.SpecialUse,
                    "STATUS" => ListReturn.Status,
                    _ => throw new ImapParseException("Unknown LIST return option"),
                };
                if (option == "STATUS")
                {
                    // RFC 5819 section 2: STATUS (status-att-list).
                    statusItems = MailboxParser.ReadStatusItems(args);
                }
            }
        }

        return new ListCommand(reference, new EquatableList<string>(patterns), selection, returns, statusItems);
    }

    public static LsubCommand ParseLsub(ImapArguments args) => new(ReadPattern(args), ReadPattern(args));

    // list-mailbox = 1*list-char / string; list-char adds "%" and "*" to the atom characters, which
    // the tokenizer already keeps in atoms. The empty string is the usual reference.
    static string ReadPattern(ImapArguments args)
    {
        var raw = args.ReadAstring();
        return raw.Length == 0 ? raw : args.DecodeMailbox(raw);
    }
}
