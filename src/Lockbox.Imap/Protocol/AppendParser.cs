// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>APPEND arguments; the message itself stays on the wire (see <see cref="ImapLiteralPlaceholder"/>).</summary>
static class AppendParser
{
    // RFC 3501 section 6.3.11: APPEND mailbox [SP flag-list] [SP date-time] SP literal, where RFC 9755
    // section 4 adds the form "UTF8" SP "(" literal8 ")" for the literal. The receiver streams the message
    // before the closing parenthesis arrives, and checks it after.
    public static AppendCommand Parse(ImapArguments args)
    {
        var mailbox = args.ReadMailbox();
        var flags = args.PeekListStart ? args.ReadFlagList() : [];
        DateTimeOffset? date = args.Peek?.Kind == ImapTokenKind.Quoted ? args.ReadDateTime() : null;
        if (args.TryReadWord("UTF8"))
        {
            args.ReadListStart();
        }

        var message = args.Next();
        if (message.Kind != ImapTokenKind.StreamedLiteral)
        {
            throw new ImapParseException("APPEND needs the message as a literal");
        }

        // RFC 3501 section 6.3.11: \Recent cannot be set by APPEND.
        if (flags.Any(f => f.Equals("\\Recent", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ImapParseException("\\Recent cannot be stored");
        }

        return new AppendCommand(mailbox, flags, date, message.Placeholder!);
    }
}
