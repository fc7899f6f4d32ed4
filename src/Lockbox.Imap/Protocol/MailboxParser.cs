// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>SELECT/EXAMINE and STATUS arguments; CREATE, DELETE, RENAME and (UN)SUBSCRIBE take mailbox names only.</summary>
static class MailboxParser
{
    // RFC 7162 section 3.2.8 (select-param "CONDSTORE"), on the grammar of RFC 4466 section 2.4.
    public static SelectCommand ParseSelect(ImapVerb verb, ImapArguments args)
    {
        var mailbox = args.ReadMailbox();
        var condstore = false;
        if (args.TryReadListStart())
        {
            while (!args.TryReadListEnd())
            {
                if (!args.TryReadWord("CONDSTORE"))
                {
                    throw new ImapParseException("Unknown SELECT parameter");
                }

                condstore = true;
            }
        }

        return new SelectCommand(verb, mailbox, condstore);
    }

    public static StatusCommand ParseStatus(ImapArguments args)
    {
        var mailbox = args.ReadMailbox();
        return new StatusCommand(mailbox, ReadStatusItems(args));
    }

    /// <summary>"(" status-att *(SP status-att) ")" (RFC 3501 section 9).</summary>
    public static EquatableList<StatusItem> ReadStatusItems(ImapArguments args)
    {
        args.ReadListStart();
        var items = new List<StatusItem>();
        do
        {
            items.Add(args.ReadAtom().ToUpperInvariant() switch
            {
                "MESSAGES" => StatusItem.Messages,
                "RECENT" => StatusItem.Recent,
                "UIDNEXT" => StatusItem.UidNext,
                "UIDVALIDITY" => StatusItem.UidValidity,
                "UNSEEN" => StatusItem.Unseen,
                "HIGHESTMODSEQ" => StatusItem.HighestModSeq,
                "SIZE" => StatusItem.Size,
                "DELETED" => StatusItem.Deleted,
                _ => throw new ImapParseException("Unknown STATUS item"),
            });
        }
        while (!args.TryReadListEnd());

        return new EquatableList<StatusItem>(items);
    }
}
