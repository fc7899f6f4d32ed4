// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Lmtp.Protocol;

namespace Lockbox.Lmtp.Tests.Protocol;

public sealed class LmtpCommandParserTests
{
    public static TheoryData<string, LmtpCommand> Valid => new()
    {
        { "LHLO mx.example.org", new LhloCommand("mx.example.org") },
        { "lhlo [127.0.0.1]", new LhloCommand("[127.0.0.1]") },
        { "MAIL FROM:<alice@example.org>", new MailCommand("alice@example.org", null, false) },
        { "MAIL FROM:<>", new MailCommand("", null, false) },
        { "mail from: <bounce@example.org> SIZE=1024 BODY=8BITMIME", new MailCommand("bounce@example.org", 1024, true) },
        { "MAIL FROM:<a@b.example> BODY=7BIT", new MailCommand("a@b.example", null, false) },
        // RFC 6531: SMTPUTF8, and a UTF-8 address with it.
        { "MAIL FROM:<jörg@bücher.example> SMTPUTF8 BODY=8BITMIME", new MailCommand("jörg@bücher.example", null, true) },
        { "MAIL FROM:<a@b.example> smtputf8", new MailCommand("a@b.example", null, false) },
        { "MAIL FROM:<@relay.example,@r2.example:joe@example.org>", new MailCommand("joe@example.org", null, false) },
        { "RCPT TO:<bob@example.org>", new RcptCommand("bob@example.org") },
        { "RCPT TO:<\"john doe\"@example.org>", new RcptCommand("\"john doe\"@example.org") },
        { "RCPT TO:<\"a>b\"@example.org>", new RcptCommand("\"a>b\"@example.org") },
        // A quoted local part that is a plain Dot-string names the same mailbox unquoted (RFC 5321 section 4.1.2).
        { "RCPT TO:<\"bob\"@example.org>", new RcptCommand("bob@example.org") },
        { "RCPT TO:<\"bob.smith+tag\"@example.org>", new RcptCommand("bob.smith+tag@example.org") },
        { "RCPT TO:<\"b\\ob\"@example.org>", new RcptCommand("bob@example.org") },
        { "RCPT TO:<\"bob.\"@example.org>", new RcptCommand("\"bob.\"@example.org") },
        { "RCPT TO:<\"\"@example.org>", new RcptCommand("\"\"@example.org") },
        { "MAIL FROM:<\"joe\"@example.org>", new MailCommand("joe@example.org", null, false) },
        { "DATA", new SimpleCommand(LmtpVerb.Data) },
        { "rset", new SimpleCommand(LmtpVerb.Rset) },
        { "NOOP anything at all", new SimpleCommand(LmtpVerb.Noop) },
        { "QUIT", new SimpleCommand(LmtpVerb.Quit) },
        { "VRFY postmaster", new SimpleCommand(LmtpVerb.Vrfy) },
        { "HELP", new SimpleCommand(LmtpVerb.Help) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_command_parses(string line, LmtpCommand expected)
    {
        var result = LmtpCommandParser.Parse(Encoding.UTF8.GetBytes(line));

        Assert.Null(result.Error);
        Assert.Equal(expected, result.Command);
    }

    [Theory]
    [InlineData("", 500, "5.5.2")]
    [InlineData("FOO bar", 500, "5.5.1")]
    [InlineData("EHLO mx.example.org", 500, "5.5.1")]
    [InlineData("HELO mx.example.org", 500, "5.5.1")]
    [InlineData("LHLO", 501, "5.5.4")]
    [InlineData("MAIL alice@example.org", 501, "5.5.4")]
    [InlineData("MAIL FROM:alice@example.org", 501, "5.5.4")]
    [InlineData("MAIL FROM:<alice@example.org", 501, "5.5.4")]
    [InlineData("MAIL FROM:<alice@example.org>SIZE=1", 501, "5.5.4")]
    [InlineData("MAIL FROM:<alice> ", 501, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.example> SIZE=lots", 501, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.example> SIZE=-1", 501, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.example> BODY=BINARYMIME", 501, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.example> SMTPUTF8=yes", 501, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.example> XCLIENT", 555, "5.5.4")]
    [InlineData("RCPT TO:<>", 501, "5.5.4")]
    [InlineData("RCPT TO:<a b@example.org>", 501, "5.5.4")]
    [InlineData("RCPT TO:<bob@example.org> NOTIFY=NEVER", 555, "5.5.4")]
    [InlineData("RCPT FROM:<bob@example.org>", 501, "5.5.4")]
    [InlineData("DATA now", 501, "5.5.4")]
    [InlineData("QUIT please", 501, "5.5.4")]
    [InlineData("RCPT TO:<bob@exa\u0001mple.org>", 500, "5.5.2")]
    public void Bad_command_gets_the_right_reply(string line, int code, string enhanced)
    {
        var result = LmtpCommandParser.Parse(Encoding.UTF8.GetBytes(line));

        Assert.Null(result.Command);
        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(enhanced, result.Error.EnhancedCode);
    }

    [Fact]
    public void Invalid_utf8_is_refused_not_thrown()
    {
        var result = LmtpCommandParser.Parse([(byte)'R', (byte)'C', (byte)'P', (byte)'T', (byte)' ', 0xC3, 0x28]);

        Assert.Equal(500, result.Error!.Code);
    }

    [Fact]
    public void Overlong_address_is_refused()
    {
        var result = LmtpCommandParser.Parse(Encoding.ASCII.GetBytes($"RCPT TO:<{new string('a', 300)}@example.org>"));

        Assert.Equal(501, result.Error!.Code);
    }

    [Fact]
    public void Multiline_reply_uses_continuation_lines()
    {
        var reply = new LmtpReply(250, null, ["lockbox", "PIPELINING", "SIZE 1000"]);

        Assert.Equal("250-lockbox\r\n250-PIPELINING\r\n250 SIZE 1000\r\n", reply.ToWire());
        Assert.Equal("451 4.3.0 Try again\r\n", new LmtpReply(451, "4.3.0", "Try again").ToWire());
    }
}
