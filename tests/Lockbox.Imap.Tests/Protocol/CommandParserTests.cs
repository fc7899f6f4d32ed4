// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

/// <summary>Commands other than SEARCH, FETCH, STORE and LIST: raw line to record, or BAD.</summary>
public sealed class CommandParserTests
{
    static SequenceSet Set(string text) => SequenceSet.TryParse(text, out var set) ? set : throw new ArgumentException(text);

    public static TheoryData<string, ImapCommand> Valid => new()
    {
        { "CAPABILITY", new SimpleCommand(ImapVerb.Capability) },
        { "noop", new SimpleCommand(ImapVerb.Noop) },
        { "LOGOUT", new SimpleCommand(ImapVerb.Logout) },
        { "STARTTLS", new SimpleCommand(ImapVerb.StartTls) },
        { "CHECK", new SimpleCommand(ImapVerb.Check) },
        { "CLOSE", new SimpleCommand(ImapVerb.Close) },
        { "IDLE", new SimpleCommand(ImapVerb.Idle) },
        { "NAMESPACE", new SimpleCommand(ImapVerb.Namespace) },
        { "UNSELECT", new SimpleCommand(ImapVerb.Unselect) },
        { "EXPUNGE", new ExpungeCommand(null) },
        { "UID EXPUNGE 3:5,9", new ExpungeCommand(Set("3:5,9")) },
        { "LOGIN alice secret", new LoginCommand("alice", "secret") },
        { "LOGIN \"alice@example.org\" \"pa ss\\\"word\\\\\"", new LoginCommand("alice@example.org", "pa ss\"word\\") },
        { "AUTHENTICATE PLAIN", new AuthenticateCommand("PLAIN", null) },
        { "AUTHENTICATE plain AGFsaWNlAHNlY3JldA==", new AuthenticateCommand("PLAIN", "AGFsaWNlAHNlY3JldA==") },
        { "AUTHENTICATE PLAIN =", new AuthenticateCommand("PLAIN", "") },
        { "SELECT INBOX", new SelectCommand(ImapVerb.Select, "INBOX", false) },
        { "SELECT inbox", new SelectCommand(ImapVerb.Select, "INBOX", false) },
        { "SELECT \"Sent Items\" (CONDSTORE)", new SelectCommand(ImapVerb.Select, "Sent Items", true) },
        { "EXAMINE Archive/2024", new SelectCommand(ImapVerb.Examine, "Archive/2024", false) },
        { "SELECT ~peter/mail/&U,BTFw-/&ZeVnLIqe-", new SelectCommand(ImapVerb.Select, "~peter/mail/\u53F0\u5317/\u65E5\u672C\u8A9E", false) },
        { "CREATE Entw&APw-rfe", new CreateCommand("Entw\u00FCrfe") },
        { "DELETE \"Tom &- Jerry\"", new DeleteCommand("Tom & Jerry") },
        { "RENAME INBOX Old-Inbox", new RenameCommand("INBOX", "Old-Inbox") },
        { "SUBSCRIBE Lists/dev", new SubscribeCommand("Lists/dev") },
        { "UNSUBSCRIBE Lists/dev", new UnsubscribeCommand("Lists/dev") },
        { "STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY RECENT HIGHESTMODSEQ)", new StatusCommand("INBOX", [StatusItem.Messages, StatusItem.Unseen, StatusItem.UidNext, StatusItem.UidValidity, StatusItem.Recent, StatusItem.HighestModSeq]) },
        { "LSUB \"\" *", new LsubCommand("", "*") },
        { "COPY 1:3 Archive", new CopyCommand(ImapVerb.Copy, false, Set("1:3"), "Archive") },
        { "UID COPY 7,9:* Archive", new CopyCommand(ImapVerb.Copy, true, Set("7,9:*"), "Archive") },
        { "MOVE 2 Trash", new CopyCommand(ImapVerb.Move, false, Set("2"), "Trash") },
        { "uid move 4:2 Trash", new CopyCommand(ImapVerb.Move, true, Set("4:2"), "Trash") },
        { "ID NIL", new IdCommand([]) },
        { "ID (\"name\" \"Thunderbird\" \"version\" NIL)", new IdCommand([new IdField("name", "Thunderbird"), new IdField("version", null)]) },
        { "ENABLE condstore utf8=accept", new EnableCommand(["CONDSTORE", "UTF8=ACCEPT"]) },
        { "APPEND INBOX {3}", new AppendCommand("INBOX", [], null, new ImapLiteralPlaceholder(3, false)) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_command_parses(string line, ImapCommand expected)
    {
        if (expected is AppendCommand)
        {
            var stream = Assert.IsType<ImapReceiveResult.StreamLiteral>(ReceiverDriver.Run("t " + line + "\r\n")[0]);
            Assert.Equal(expected, stream.Request.Command);
            return;
        }

        Assert.Equal(expected, ReceiverDriver.Command("t " + line));
    }

    [Theory]
    [InlineData("LOGIN alice")]
    [InlineData("LOGIN alice secret extra")]
    [InlineData("LOGIN (alice) secret")]
    [InlineData("AUTHENTICATE PLAIN not-base64!")]
    [InlineData("AUTHENTICATE PLAIN abc")]
    [InlineData("SELECT")]
    [InlineData("SELECT INBOX (QRESYNC)")]
    [InlineData("SELECT &U,BTFw")]
    [InlineData("SELECT &AGE-")]
    [InlineData("CREATE \"caf\u00E9\"")]
    [InlineData("RENAME Old")]
    [InlineData("STATUS INBOX ()")]
    [InlineData("STATUS INBOX (MESSAGES BOGUS)")]
    [InlineData("STATUS INBOX MESSAGES")]
    [InlineData("COPY 0 Archive")]
    [InlineData("COPY 1:x Archive")]
    [InlineData("COPY 01 Archive")]
    [InlineData("UID EXPUNGE")]
    [InlineData("ID")]
    [InlineData("ID (\"name\")")]
    [InlineData("ENABLE")]
    [InlineData("EXPUNGE 1")]
    public void Invalid_command_is_bad(string line)
    {
        Assert.Equal("t", ReceiverDriver.Bad("t " + line).Tag);
    }

    [Fact]
    public void Utf8_mailbox_names_are_accepted_after_enable_utf8()
    {
        Assert.Equal(new CreateCommand("caf\u00E9 &"), ReceiverDriver.Command("t CREATE \"caf\u00E9 &\"", utf8Accept: true));
    }

    [Theory]
    [InlineData("SEARCH CHARSET ISO-8859-1 SUBJECT x", false, "ISO-8859-1")]
    [InlineData("SEARCH CHARSET utf-8 SUBJECT x", true, "UTF-8")]
    [InlineData("SEARCH CHARSET US-ASCII SUBJECT x", false, "US-ASCII")]
    public void Search_charset_is_parsed_and_the_handler_judges_it(string line, bool utf8Accept, string charset)
    {
        Assert.Equal(charset, Assert.IsType<SearchCommand>(ReceiverDriver.Command("t " + line, utf8Accept)).Charset);
    }

    [Theory]
    [InlineData("SEARCH CHARSET US-ASCII SUBJECT x")]
    [InlineData("SEARCH CHARSET ISO-8859-1 SUBJECT x")]
    public void Search_charset_other_than_utf8_conflicts_with_utf8_accept(string line)
    {
        var results = ReceiverDriver.Run("t " + line + "\r\n", setup: r => r.Utf8Accept = true);

        Assert.Equal(new ImapReceiveResult.Bad("t", "CHARSET " + line.Split(' ')[2] + " conflicts with UTF8=ACCEPT"), Assert.Single(results));
    }

    [Theory]
    [InlineData("APPEND INBOX (\\Recent) {3}")]
    [InlineData("APPEND INBOX \"5-Mar-2024\" {3}")]
    [InlineData("APPEND INBOX \"31-Feb-2024 10:00:00 +0000\" {3}")]
    [InlineData("APPEND INBOX (\\Seen) (\\Draft) {3}")]
    [InlineData("APPEND INBOX Extra {3}")]
    [InlineData("APPEND INBOX UTF8 {3}")]
    public void Invalid_append_is_bad_before_the_message_is_sent(string line)
    {
        var result = Assert.Single(ReceiverDriver.Run("t " + line + "\r\n"));

        Assert.Equal("t", Assert.IsType<ImapReceiveResult.Bad>(result).Tag);
    }
}
