// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>ID and ENABLE arguments.</summary>
static class SessionParser
{
    // RFC 2971 section 4: "ID" SP ( "(" 0*30(string SP nstring) ")" / NIL ), field names at most 30 octets.
    public static IdCommand ParseId(ImapArguments args)
    {
        if (args.TryReadWord("NIL"))
        {
            return new IdCommand([]);
        }

        args.ReadListStart();
        var fields = new List<IdField>();
        while (!args.TryReadListEnd())
        {
            var name = args.ReadString();
            if (name.Length > 30 || fields.Count == 30)
            {
                throw new ImapParseException("ID allows 30 fields of up to 30 octets");
            }

            fields.Add(new IdField(name, args.ReadNString()));
        }

        return new IdCommand(new EquatableList<IdField>(fields));
    }

    // RFC 5161 section 3.1: "ENABLE" 1*(SP capability).
    public static EnableCommand ParseEnable(ImapArguments args)
    {
        var names = new List<string> { args.ReadAtom().ToUpperInvariant() };
        while (!args.AtEnd)
        {
            names.Add(args.ReadAtom().ToUpperInvariant());
        }

        return new EnableCommand(new EquatableList<string>(names));
    }
}
