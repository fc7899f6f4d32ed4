// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// Turns a tag, a command name and its tokens into a typed command, or a BAD result. Pure and
/// total: bad input gives <see cref="ImapReceiveResult.Bad"/>, never an exception (STYLE.md section 5).
/// </summary>
static class ImapCommandParser
{
    public static ImapReceiveResult Parse(string tag, string name, bool uid, IReadOnlyList<ImapToken> tokens, bool utf8Accept)
    {
        ArgumentNullException.ThrowIfNull(name);
        var args = new ImapArguments(tokens, utf8Accept);
        try
        {
            var command = uid ? ParseUid(name, args) : ParsePlain(name, args);
            if (command is null)
            {
                return new ImapReceiveResult.Bad(tag, uid ? "Unknown UID command" : "Unknown command");
            }

            args.ExpectEnd();
            return new ImapReceiveResult.Complete(new ImapRequest(tag, command));
        }
        catch (ImapParseException e)
        {
            return new ImapReceiveResult.Bad(tag, e.Message);
        }
    }

    static ImapCommand? ParsePlain(string name, ImapArguments args) => name.ToUpperInvariant() switch
    {
        "CAPABILITY" => new SimpleCommand(ImapVerb.Capability),
        "NOOP" => new SimpleCommand(ImapVerb.Noop),
        "LOGOUT" => new SimpleCommand(ImapVerb.Logout),
        "STARTTLS" => new SimpleCommand(ImapVerb.StartTls),
        "CHECK" => new SimpleCommand(ImapVerb.Check),
        "CLOSE" => new SimpleCommand(ImapVerb.Close),
        "IDLE" => new SimpleCommand(ImapVerb.Idle),
        "NAMESPACE" => new SimpleCommand(ImapVerb.Namespace),
        "UNSELECT" => new SimpleCommand(ImapVerb.Unselect),
        "EXPUNGE" => new ExpungeCommand(null),
        "LOGIN" => AuthParser.ParseLogin(args),
        "AUTHENTICATE" => AuthParser.ParseAuthenticate(args),
        "SELECT" => MailboxParser.ParseSelect(ImapVerb.Select, args),
        "EXAMINE" => MailboxParser.ParseSelect(ImapVerb.Examine, args),
        "CREATE" => new CreateCommand(args.ReadMailbox()),
        "DELETE" => new DeleteCommand(args.ReadMailbox()),
        "RENAME" => new RenameCommand(args.ReadMailbox(), args.ReadMailbox()),
        "SUBSCRIBE" => new SubscribeCommand(args.ReadMailbox()),
        "UNSUBSCRIBE" => new UnsubscribeCommand(args.ReadMailbox()),
        "STATUS" => MailboxParser.ParseStatus(args),
        "LIST" => ListParser.ParseList(args),
        "LSUB" => ListParser.ParseLsub(args),
        "APPEND" => AppendParser.Parse(args),
        "SEARCH" => SearchParser.Parse(uid: false, args),
        "FETCH" => FetchParser.Parse(uid: false, args),
        "STORE" => StoreParser.Parse(uid: false, args),
        "COPY" => new CopyCommand(ImapVerb.Copy, false, args.ReadSequenceSet(), args.ReadMailbox()),
        "MOVE" => new CopyCommand(ImapVerb.Move, false, args.ReadSequenceSet(), args.ReadMailbox()),
        "ID" => SessionParser.ParseId(args),
        "ENABLE" => SessionParser.ParseEnable(args),
        "GETQUOTAROOT" => new GetQuotaRootCommand(args.ReadMailbox()),
        "GETQUOTA" => new GetQuotaCommand(args.ReadAstring()),
        "SETQUOTA" => QuotaParser.ParseSetQuota(args),
        _ => null,
    };

    // RFC 3501 section 6.4.8 (UID COPY/FETCH/STORE/SEARCH), MOVE RFC 6851, UID EXPUNGE RFC 4315.
    static ImapCommand? ParseUid(string name, ImapArguments args) => name.ToUpperInvariant() switch
    {
        "SEARCH" => SearchParser.Parse(uid: true, args),
        "FETCH" => FetchParser.Parse(uid: true, args),
        "STORE" => StoreParser.Parse(uid: true, args),
        "COPY" => new CopyCommand(ImapVerb.Copy, true, args.ReadSequenceSet(), args.ReadMailbox()),
        "MOVE" => new CopyCommand(ImapVerb.Move, true, args.ReadSequenceSet(), args.ReadMailbox()),
        "EXPUNGE" => new ExpungeCommand(args.ReadSequenceSet()),
        _ => null,
    };
}
