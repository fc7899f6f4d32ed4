// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Text;
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

public sealed class ImapReceiverTests
{
    static readonly ImapRequest Noop = new("a1", new SimpleCommand(ImapVerb.Noop));

    public static TheoryData<string> Transcripts =>
    [
        "a1 NOOP\r\n",
        "a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\n",
        "a1 LOGIN {5+}\r\nalice {6+}\r\nsecret\r\nb2 SELECT INBOX\r\n",
        "a1 APPEND Drafts (\\Seen) {11}\r\nHello world\r\na2 NOOP\r\n",
        "a1 APPEND {6}\r\nDrafts {12+}\r\nHello\r\nworld\r\n",
        "a1 FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From To)]<0.100>)\r\na2 UID SEARCH OR (SEEN FLAGGED) NOT DELETED\r\n",
        "a1 FOO\r\nb2 NOOP\r\n",
        "a1 SEARCH CHARSET UTF-8 SUBJECT {4}\r\n\u00E4\u00F6\r\n",
    ];

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void Byte_by_byte_input_gives_the_same_results_as_one_buffer(string transcript)
    {
        var whole = ReceiverDriver.Run(transcript);
        var split = ReceiverDriver.Run(transcript, chunkSize: 1);

        Assert.NotEmpty(whole);
        Assert.DoesNotContain(whole, r => r is ImapReceiveResult.Bad or ImapReceiveResult.Fatal && !transcript.Contains("FOO", StringComparison.Ordinal));
        Assert.Equal(whole, split);
    }

    [Fact]
    public void Partial_line_needs_more_data_and_consumes_nothing()
    {
        var receiver = new ImapReceiver(new ImapOptions());
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("a1 NOO"u8.ToArray()));

        Assert.IsType<ImapReceiveResult.NeedMoreData>(receiver.Receive(ref reader));
        Assert.Equal(0, reader.Consumed);
    }

    [Fact]
    public void Complete_command_leaves_the_next_one_unread()
    {
        var receiver = new ImapReceiver(new ImapOptions());
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("a1 NOOP\r\na2 NO"u8.ToArray()));

        Assert.Equal(new ImapReceiveResult.Complete(Noop), receiver.Receive(ref reader));
        Assert.Equal(9, reader.Consumed);
        Assert.IsType<ImapReceiveResult.NeedMoreData>(receiver.Receive(ref reader));
    }

    [Fact]
    public void Commands_and_literals_spanning_many_segments_parse()
    {
        var data = "a1 LOGIN {5+}\r\nalice \"se\\\"cret\"\r\na2 NOOP\r\n"u8.ToArray();
        var receiver = new ImapReceiver(new ImapOptions());
        var reader = new SequenceReader<byte>(Segments.Split(data, 3));

        Assert.Equal(new ImapReceiveResult.Complete(new ImapRequest("a1", new LoginCommand("alice", "se\"cret"))), receiver.Receive(ref reader));
        Assert.Equal(new ImapReceiveResult.Complete(new ImapRequest("a2", new SimpleCommand(ImapVerb.Noop))), receiver.Receive(ref reader));
        Assert.Equal(data.Length, reader.Consumed);
    }

    [Fact]
    public void Bare_line_feed_ends_a_line()
    {
        Assert.Equal([new ImapReceiveResult.Complete(Noop)], ReceiverDriver.Run("a1 noop\n"));
    }

    [Fact]
    public void Synchronizing_literals_ask_for_a_continuation_each()
    {
        var results = ReceiverDriver.Run("a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\n");

        Assert.Equal(
            [
                new ImapReceiveResult.NeedLiteral(5),
                new ImapReceiveResult.NeedLiteral(6),
                new ImapReceiveResult.Complete(new ImapRequest("a1", new LoginCommand("alice", "secret"))),
            ],
            results);
    }

    [Fact]
    public void Non_synchronizing_literals_need_no_continuation()
    {
        var results = ReceiverDriver.Run("a1 LOGIN {5+}\r\nalice {8+}\r\nse\r\ncret\r\n");

        Assert.Equal([new ImapReceiveResult.Complete(new ImapRequest("a1", new LoginCommand("alice", "se\r\ncret")))], results);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Append_message_is_streamed_not_buffered(bool nonSynchronizing)
    {
        var marker = nonSynchronizing ? "+" : "";
        var results = ReceiverDriver.Run($"a1 APPEND Sent (\\Seen $Label) \" 5-Mar-2024 09:07:01 +0100\" {{11{marker}}}\r\nHello world\r\n");

        var placeholder = new ImapLiteralPlaceholder(11, nonSynchronizing);
        var request = new ImapRequest("a1", new AppendCommand(
            "Sent", ["\\Seen", "$Label"], new DateTimeOffset(2024, 3, 5, 9, 7, 1, TimeSpan.FromHours(1)), placeholder));
        Assert.Equal([new ImapReceiveResult.StreamLiteral(request, placeholder), new ImapReceiveResult.Complete(request)], results);
    }

    [Theory]
    [InlineData("~{11}", false)]
    [InlineData("~{11+}", true)]
    [InlineData("{11}", false)]
    public void Append_utf8_data_item_streams_the_message_and_ends_at_its_parenthesis(string literal, bool nonSynchronizing)
    {
        // RFC 9755 section 4: "UTF8" SP "(" literal8 ")"; a plain literal inside is taken too.
        var results = ReceiverDriver.Run($"a1 APPEND Sent (\\Seen) UTF8 ({literal}\r\nHello world)\r\n", chunkSize: 7);

        var placeholder = new ImapLiteralPlaceholder(11, nonSynchronizing, IsUtf8Data: true);
        var request = new ImapRequest("a1", new AppendCommand("Sent", ["\\Seen"], null, placeholder));
        Assert.Equal([new ImapReceiveResult.StreamLiteral(request, placeholder), new ImapReceiveResult.Complete(request)], results);
    }

    [Theory]
    [InlineData("a1 APPEND INBOX UTF8 (~{3}\r\nabc\r\n", "Unexpected data after the APPEND message")]
    [InlineData("a1 APPEND INBOX UTF8 (~{3}\r\nabc))\r\n", "Unexpected data after the APPEND message")]
    [InlineData("a1 APPEND INBOX {3}\r\nabc)\r\n", "Unexpected data after the APPEND message")]
    public void Append_must_close_exactly_what_it_opened(string input, string reason)
    {
        var results = ReceiverDriver.Run(input);

        Assert.IsType<ImapReceiveResult.StreamLiteral>(results[0]);
        Assert.Equal(new ImapReceiveResult.Bad("a1", reason), results[1]);
    }

    [Theory]
    [InlineData("a1 APPEND INBOX ~{3}\r\n")]
    [InlineData("a1 APPEND INBOX (UTF8 ~{3}\r\n")]
    [InlineData("a1 LOGIN alice ~{3}\r\n")]
    public void Literal8_outside_the_utf8_data_item_is_bad(string input)
    {
        Assert.Equal([new ImapReceiveResult.Bad("a1", "literal8 is only accepted in APPEND's UTF8 data item")], ReceiverDriver.Run(input));
    }

    [Fact]
    public void Non_synchronizing_literal8_outside_the_utf8_data_item_loses_the_framing()
    {
        Assert.Equal([new ImapReceiveResult.Fatal("literal8 is only accepted in APPEND's UTF8 data item")], ReceiverDriver.Run("a1 LOGIN alice ~{3+}\r\nabc\r\n"));
    }

    [Fact]
    public void Append_mailbox_may_be_a_buffered_literal()
    {
        var results = ReceiverDriver.Run("a1 APPEND {6}\r\nDrafts {3+}\r\nabc\r\n");

        Assert.Equal(3, results.Count);
        Assert.Equal(new ImapReceiveResult.NeedLiteral(6), results[0]);
        var stream = Assert.IsType<ImapReceiveResult.StreamLiteral>(results[1]);
        Assert.Equal("Drafts", Assert.IsType<AppendCommand>(stream.Request.Command).Mailbox);
        Assert.IsType<ImapReceiveResult.Complete>(results[2]);
    }

    [Fact]
    public void Data_after_the_append_message_is_bad()
    {
        var results = ReceiverDriver.Run("a1 APPEND INBOX {3}\r\nabc (\\Seen) {3}\r\na2 NOOP\r\n");

        Assert.IsType<ImapReceiveResult.StreamLiteral>(results[0]);
        Assert.Equal(new ImapReceiveResult.Bad("a1", "Unexpected data after the APPEND message"), results[1]);
        Assert.Equal(new ImapReceiveResult.Complete(new ImapRequest("a2", new SimpleCommand(ImapVerb.Noop))), results[2]);
    }

    [Theory]
    [InlineData("a1 FOO\r\n", "a1", "Unknown command")]
    [InlineData("a1 UID NOOP\r\n", "a1", "Unknown UID command")]
    [InlineData("a1\r\n", "a1", "Missing command")]
    [InlineData("a1 NOOP1\r\n", "a1", "Invalid command name")]
    [InlineData("a1 UID\r\n", "a1", "Missing command")]
    [InlineData("\r\n", null, "Missing tag")]
    [InlineData(" NOOP\r\n", null, "Missing tag")]
    [InlineData("* NOOP\r\n", null, "Invalid tag")]
    [InlineData("a+1 NOOP\r\n", null, "Invalid tag")]
    [InlineData("a1 NOOP now\r\n", "a1", "Too many arguments")]
    [InlineData("a1 LOGIN \"alice secret\r\n", "a1", "Invalid quoted string")]
    [InlineData("a1 LOGIN \"a\\lice\" x\r\n", "a1", "Invalid quoted string")]
    [InlineData("a1 SELECT INBOX)\r\n", "a1", "Unbalanced parentheses")]
    [InlineData("a1 FETCH 1 (FLAGS\r\n", "a1", "Unbalanced parentheses")]
    [InlineData("a1 LOGIN {5} alice\r\n", "a1", "A literal must end its line")]
    [InlineData("a1 LOGIN al\u0001ce x\r\n", "a1", "Invalid character in atom")]
    public void Garbage_is_bad_with_the_tag_when_one_is_readable(string input, string? tag, string reason)
    {
        Assert.Equal([new ImapReceiveResult.Bad(tag, reason)], ReceiverDriver.Run(input));
    }

    [Fact]
    public void Session_continues_after_a_bad_command()
    {
        var results = ReceiverDriver.Run("a1 FOO (\r\na1 NOOP\r\n");

        Assert.IsType<ImapReceiveResult.Bad>(results[0]);
        Assert.Equal(new ImapReceiveResult.Complete(Noop), results[1]);
    }

    [Fact]
    public void Line_longer_than_the_limit_is_fatal_before_its_end_arrives()
    {
        var options = new ImapOptions { MaxLineLength = 100 };

        var results = ReceiverDriver.Run("a1 LOGIN " + new string('x', 200), chunkSize: 16, options: options);

        Assert.Equal([new ImapReceiveResult.Fatal("Command line too long")], results);
    }

    [Fact]
    public void Lines_of_one_command_share_the_line_limit()
    {
        var options = new ImapOptions { MaxLineLength = 40 };
        // Lines of 15, 7 and 32 octets: each fits, together they do not.
        var input = "a1 LOGIN {1+}\r\na {1+}\r\nb" + new string(' ', 30) + "\r\n";

        Assert.IsType<ImapReceiveResult.Fatal>(Assert.Single(ReceiverDriver.Run(input, options: options)));
    }

    [Fact]
    public void Too_large_synchronizing_literal_is_refused_and_the_session_continues()
    {
        var options = new ImapOptions { MaxLiteralSize = 10 };

        var results = ReceiverDriver.Run("a1 LOGIN alice {11}\r\na1 NOOP\r\n", options: options);

        Assert.Equal([new ImapReceiveResult.Bad("a1", "[TOOBIG] Literal too large"), new ImapReceiveResult.Complete(Noop)], results);
    }

    [Fact]
    public void Too_large_non_synchronizing_literal_is_fatal()
    {
        var options = new ImapOptions { MaxLiteralSize = 10 };

        Assert.Equal([new ImapReceiveResult.Fatal("Literal too large")], ReceiverDriver.Run("a1 LOGIN alice {11+}\r\n", options: options));
    }

    [Fact]
    public void Buffered_literals_of_one_command_share_the_literal_limit()
    {
        var options = new ImapOptions { MaxLiteralSize = 10 };

        var results = ReceiverDriver.Run("a1 LOGIN {6+}\r\nalices {6+}\r\n", options: options);

        Assert.Equal([new ImapReceiveResult.Fatal("Literal too large")], results);
    }

    [Theory]
    [InlineData("", "[TOOBIG] Message too large")]
    [InlineData("+", null)]
    public void Too_large_append_is_refused(string marker, string? badReason)
    {
        var options = new ImapOptions { MaxAppendSize = 1000 };

        var result = Assert.Single(ReceiverDriver.Run($"a1 APPEND INBOX {{1001{marker}}}\r\n", options: options));

        Assert.Equal(badReason is null ? new ImapReceiveResult.Fatal("Message too large") : new ImapReceiveResult.Bad("a1", badReason), result);
    }

    [Fact]
    public void Literal_size_that_overflows_is_refused()
    {
        var result = Assert.Single(ReceiverDriver.Run("a1 LOGIN alice {99999999999999999999999}\r\n"));

        Assert.Equal(new ImapReceiveResult.Bad("a1", "[TOOBIG] Literal too large"), result);
    }

    [Fact]
    public void Deep_nesting_is_bad()
    {
        var options = new ImapOptions { MaxNestingDepth = 3 };

        var results = ReceiverDriver.Run("a1 SEARCH ((((ALL))))\r\na1 NOOP\r\n", options: options);

        Assert.Equal([new ImapReceiveResult.Bad("a1", "Too many nested parentheses"), new ImapReceiveResult.Complete(Noop)], results);
    }

    [Fact]
    public void Syntax_error_before_a_non_synchronizing_literal_is_fatal()
    {
        // The literal's bytes are on their way; reading them as commands would let a client smuggle
        // commands, so framing is declared lost.
        var results = ReceiverDriver.Run("a1 SEARCH ((( {5+}\r\nb NOOP\r\n", options: new ImapOptions { MaxNestingDepth = 2 });

        Assert.Equal([new ImapReceiveResult.Fatal("Too many nested parentheses")], results);
    }

    [Fact]
    public void Invalid_append_before_a_non_synchronizing_literal_is_fatal()
    {
        var results = ReceiverDriver.Run("a1 APPEND INBOX (\\Recent) {5+}\r\nhello\r\n");

        Assert.IsType<ImapReceiveResult.Fatal>(Assert.Single(results));
    }

    [Theory]
    [InlineData("DONE\r\n", true)]
    [InlineData("done\r\n", true)]
    [InlineData("a2 NOOP\r\n", false)]
    public void Idle_ends_with_done(string line, bool ok)
    {
        var results = ReceiverDriver.Run(line, setup: r => r.BeginIdle("a1"));

        ImapReceiveResult expected = ok
            ? new ImapReceiveResult.Complete(new ImapRequest("a1", new SimpleCommand(ImapVerb.Done)))
            : new ImapReceiveResult.Bad("a1", "Expected DONE");
        Assert.Equal([expected], results);
    }

    [Theory]
    [InlineData("AGFsaWNlAHNlY3JldA==\r\n", "AGFsaWNlAHNlY3JldA==")]
    [InlineData("\r\n", "")]
    [InlineData("*\r\n", null)]
    public void Sasl_response_line_is_base64_or_a_cancel(string line, string? response)
    {
        var results = ReceiverDriver.Run(line, setup: r => r.BeginSaslResponse("a1"));

        Assert.Equal([new ImapReceiveResult.Complete(new ImapRequest("a1", new AuthenticateResponseCommand(response)))], results);
    }

    [Theory]
    [InlineData("not base64!\r\n")]
    [InlineData("AGFs aWNl\r\n")]
    [InlineData("AGFsaWN\r\n")]
    public void Sasl_response_that_is_not_base64_is_bad(string line)
    {
        var results = ReceiverDriver.Run(line, setup: r => r.BeginSaslResponse("a1"));

        Assert.Equal([new ImapReceiveResult.Bad("a1", "Invalid base64 in the SASL response")], results);
    }

    [Fact]
    public void Password_is_not_in_the_string_form_of_login()
    {
        var text = new LoginCommand("alice", "hunter2").ToString();

        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AGFsaWNl", new AuthenticateCommand("PLAIN", "AGFsaWNl").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Eight_bit_literal_is_kept_as_utf8()
    {
        var results = ReceiverDriver.Run(Encoding.UTF8.GetBytes("a1 LOGIN {7}\r\nj\u00FCrgen pw\r\n"), int.MaxValue, null, null);

        Assert.Equal(new LoginCommand("j\u00FCrgen", "pw"), Assert.IsType<ImapReceiveResult.Complete>(results[1]).Request.Command);
    }
}
