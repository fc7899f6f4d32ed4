// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Text;
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

public sealed class ImapResponseWriterTests
{
    static readonly SequenceSet Source = new([new SequenceRange(3, 5), new SequenceRange(9, 9)]);
    static readonly SequenceSet Destination = new([new SequenceRange(101, 104)]);

    static string Format(ImapResponse response, bool utf8Accept = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new ImapResponseWriter(buffer) { Utf8Accept = utf8Accept }.Write(response);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    static ImapDataResponse Data(params ImapValue[] items) => new(new EquatableList<ImapValue>(items));

    static ImapValue.List List(params ImapValue[] items) => new(new EquatableList<ImapValue>(items));

    public static TheoryData<ImapResponse, string> Cases => new()
    {
        { new ImapStatusResponse("a1", ImapStatus.Ok, null, "LOGIN completed"), "a1 OK LOGIN completed\r\n" },
        { new ImapStatusResponse(null, ImapStatus.Bye, null, "Autologout"), "* BYE Autologout\r\n" },
        { new ImapStatusResponse(null, ImapStatus.Bad, null, ""), "* BAD Completed\r\n" },
        { new ImapStatusResponse("a1", ImapStatus.No, ResponseCode.AuthenticationFailed, "Authentication failed"), "a1 NO [AUTHENTICATIONFAILED] Authentication failed\r\n" },
        { new ImapStatusResponse("a2", ImapStatus.No, ResponseCode.TryCreate, "No such mailbox"), "a2 NO [TRYCREATE] No such mailbox\r\n" },
        { new ImapStatusResponse(null, ImapStatus.Ok, ResponseCode.UidValidity(3857529045), "UIDs valid"), "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n" },
        { new ImapStatusResponse(null, ImapStatus.Ok, ResponseCode.HighestModSeq(715194045007), "Highest"), "* OK [HIGHESTMODSEQ 715194045007] Highest\r\n" },
        { new ImapStatusResponse(null, ImapStatus.Ok, ResponseCode.Capability(["IMAP4rev1", "LITERAL+", "IDLE"]), "Ready"), "* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE] Ready\r\n" },
        { new ImapStatusResponse(null, ImapStatus.No, ResponseCode.Alert, "Quota almost full"), "* NO [ALERT] Quota almost full\r\n" },
        { new ImapStatusResponse("A003", ImapStatus.Ok, ResponseCode.AppendUid(38505, 3955), "APPEND completed"), "A003 OK [APPENDUID 38505 3955] APPEND completed\r\n" },
        { new ImapStatusResponse("A004", ImapStatus.Ok, ResponseCode.CopyUid(38505, Source, Destination), "Done"), "A004 OK [COPYUID 38505 3:5,9 101:104] Done\r\n" },
        { new ImapStatusResponse(null, ImapStatus.Ok, ResponseCode.PermanentFlags(["\\Seen", "\\*"]), "Limited"), "* OK [PERMANENTFLAGS (\\Seen \\*)] Limited\r\n" },
        { new ImapStatusResponse("a1", ImapStatus.Bad, null, "line\r\nbreak"), "a1 BAD line  break\r\n" },
        { new ImapContinuationResponse("Ready"), "+ Ready\r\n" },
        { Data(new ImapValue.Number(172), new ImapValue.Atom("EXISTS")), "* 172 EXISTS\r\n" },
        { Data(new ImapValue.Atom("FLAGS"), List(new ImapValue.Atom("\\Answered"), new ImapValue.Atom("\\Seen"))), "* FLAGS (\\Answered \\Seen)\r\n" },
        { Data(new ImapValue.Atom("LIST"), List(new ImapValue.Atom("\\HasNoChildren")), new ImapValue.Text("/"), new ImapValue.Mailbox("~peter/mail/\u53F0\u5317/\u65E5\u672C\u8A9E")),
            "* LIST (\\HasNoChildren) \"/\" \"~peter/mail/&U,BTFw-/&ZeVnLIqe-\"\r\n" },
        { Data(new ImapValue.Atom("ID"), ImapValue.NilValue), "* ID NIL\r\n" },
        { Data(new ImapValue.Text(null)), "* NIL\r\n" },
        { Data(new ImapValue.Text("say \"hi\" \\o/")), "* \"say \\\"hi\\\" \\\\o/\"\r\n" },
        { Data(new ImapValue.Text("two\r\nlines")), "* {10}\r\ntwo\r\nlines\r\n" },
        { Data(new ImapValue.Text("caf\u00E9")), "* {5}\r\ncaf\u00E9\r\n" },
        { Data(new ImapValue.Text("")), "* \"\"\r\n" },
        { Data(new ImapValue.Number(12), new ImapValue.Atom("FETCH"), List(new ImapValue.Atom("BODY[HEADER.FIELDS (SUBJECT)]"), new ImapValue.Octets("Subject: x\r\n\r\n"u8.ToArray()))),
            "* 12 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {14}\r\nSubject: x\r\n\r\n)\r\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Response_is_formatted(ImapResponse response, string expected)
    {
        Assert.Equal(expected, Format(response));
    }

    [Fact]
    public void Eight_bit_strings_and_mailboxes_are_quoted_utf8_after_enable_utf8()
    {
        var response = Data(new ImapValue.Text("caf\u00E9"), new ImapValue.Mailbox("Entw\u00FCrfe"));

        Assert.Equal("* \"caf\u00E9\" \"Entw\u00FCrfe\"\r\n", Format(response, utf8Accept: true));
        Assert.Equal("* {5}\r\ncaf\u00E9 \"Entw&APw-rfe\"\r\n", Format(response));
    }

    [Fact]
    public void Long_string_becomes_a_literal()
    {
        var text = new string('x', ImapResponseWriter.MaxQuotedLength + 1);

        Assert.StartsWith("* {1025}\r\nxxx", Format(Data(new ImapValue.Text(text))), StringComparison.Ordinal);
        Assert.Equal("* \"" + text[1..] + "\"\r\n", Format(Data(new ImapValue.Text(text[1..]))));
    }
}
