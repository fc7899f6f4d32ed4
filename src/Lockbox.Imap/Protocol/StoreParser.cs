// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>STORE arguments.</summary>
static class StoreParser
{
    // RFC 3501 section 6.4.6 and RFC 7162 section 3.1.3:
    // STORE sequence-set [SP "(" "UNCHANGEDSINCE" SP mod-sequence-valzer ")"] SP store-att-flags.
    public static StoreCommand Parse(bool uid, ImapArguments args)
    {
        var set = args.ReadSequenceSet();
        ulong? unchangedSince = null;
        if (args.TryReadListStart())
        {
            if (!args.TryReadWord("UNCHANGEDSINCE"))
            {
                throw new ImapParseException("Unknown STORE modifier");
            }

            unchangedSince = args.ReadModSeq(allowZero: true);
            if (!args.TryReadListEnd())
            {
                throw new ImapParseException("Expected )");
            }
        }

        var item = args.ReadAtom().ToUpperInvariant();
        var mode = item[0] switch
        {
            '+' => StoreMode.Add,
            '-' => StoreMode.Remove,
            _ => StoreMode.Replace,
        };
        var name = mode == StoreMode.Replace ? item : item[1..];
        var silent = name == "FLAGS.SILENT";
        if (!silent && name != "FLAGS")
        {
            throw new ImapParseException("Expected FLAGS, +FLAGS or -FLAGS");
        }

        // store-att-flags allows the flags parenthesised or bare (RFC 3501 section 9).
        var flags = new List<string>();
        if (args.PeekListStart)
        {
            flags.AddRange(args.ReadFlagList());
        }
        else
        {
            flags.Add(args.ReadFlag());
            while (!args.AtEnd)
            {
                flags.Add(args.ReadFlag());
            }
        }

        if (flags.Count == 0 && mode != StoreMode.Replace)
        {
            throw new ImapParseException("No flags to add or remove");
        }

        return new StoreCommand(uid, set, mode, silent, new EquatableList<string>(flags), unchangedSince);
    }
}
