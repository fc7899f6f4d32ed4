// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The shapes mailgen does not make: nested message/rfc822, raw 8-bit UTF-8 without a
/// Content-Transfer-Encoding, broken MIME, a 20,000-character line, no final line end, lines of
/// dots, a 20 MB attachment, bare LF line ends, and a MIME tree with address groups and encoded words. Only the raw client can send some of them
/// unchanged (smtplib would not send bare LF as is).
/// </summary>
internal static class EdgeCaseMessages
{
    /// <summary>About 20 MB of base64 (76-character lines) in one attachment.</summary>
    public const int LargeAttachmentBase64Bytes = 20_000_000;

    public static IReadOnlyList<EdgeCase> All(string to) =>
    [
        new("nested message/rfc822", Crlf(Headers(to, "Fwd: nested", "nested") + """
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            This is a multi-part message in MIME format.
            --outer
            Content-Type: text/plain; charset=us-ascii

            The forwarded message is attached.
            --outer
            Content-Type: message/rfc822

            From: Bob <bob@example.net>
            To: alice@example.org
            Subject: inner message
            Message-ID: <inner@example.net>
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=us-ascii

            inner plain text
            --inner
            Content-Type: text/html; charset=us-ascii

            <p>inner <b>html</b></p>
            --inner--

            --outer--

            """)),
        new("raw 8-bit UTF-8", Crlf(Headers(to, "Grüße aus Köln – 日本語", "utf8") + """
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Ünïcödé without any Content-Transfer-Encoding: ÄÖÜß € – “quotes” 日本語のテキスト 😀
            Ελληνικά, русский, עברית, العربية.

            """)),
        new("broken MIME", Crlf(Headers(to, "broken MIME", "broken") + """
            This line is not a header at all
            : a header without a name
            X-No-Colon-Here
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="never-closed"
            Content-Type: text/plain; charset=bogus-charset

            --never-closed
            Content-Type: multipart/alternative; boundary="missing"
            Content-Transfer-Encoding: base64

            this is not base64 !!! @@@ ===
            --never-closed
            Content-Type: text/plain; charset=utf-8
            Content-Disposition: attachment; filename="unterminated

            the last part has no closing boundary, and its disposition has an unterminated quote

            """)),
        new("20,000-character line", Crlf(Headers(to, "one very long line", "longline") + "\n" + new string('x', 20_000) + "\nshort line after it\n")),
        new("no final line end", Encoding.ASCII.GetBytes(
            Headers(to, "no final CRLF", "nocrlf").Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\nthe last line has no line end")),
        new("lines of dots", Crlf(Headers(to, "dots", "dots") + "\n.\n..\n...\n.hidden\n. space\nmiddle\n.\n")),
        new("20 MB base64 attachment", LargeAttachment(to)),
        new("bare LF line ends", Encoding.UTF8.GetBytes(Headers(to, "bare LF", "barelf") + "\nfirst line\n.dot line\n\nlast line\n")),
        new("address groups, encoded words, nested parts", Crlf($$"""
            Date: Tue, 09 Jan 2024 11:30:00 +0100
            From: =?utf-8?q?J=C3=B6rg_M=C3=BCller?= <joerg@example.net>
            Sender: secretary@example.net
            Reply-To: "Doe, Jane" <jane@example.org>
            To: undisclosed-recipients:;, "Bob B." <bob@example.org>, {{to}}
            Cc: Team: ann@example.org, Carl <carl@example.org>;
            Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= and
             a folded subject
            Message-ID: <tree@edge.example.net>
            In-Reply-To: <earlier@edge.example.net>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"
            Content-Language: en, de

            preamble
            --outer
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Hello =C3=A4
            second line
            --alt
            Content-Type: text/html; charset=utf-8
            Content-ID: <html@edge.example.net>
            Content-Description: the HTML version

            <p>Hello</p>
            --alt--

            --outer
            Content-Type: application/pdf; name="report.pdf"
            Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf
            Content-Transfer-Encoding: base64
            Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
            Content-Location: http://example.net/report.pdf

            JVBERi0xLjQK
            --outer
            Content-Type: message/rfc822

            From: Inner <inner@example.org>
            To: alice@example.org
            Subject: inner
            Message-ID: <inner@edge.example.net>
            Content-Type: multipart/alternative; boundary="in"

            --in
            Content-Type: text/plain

            inner plain
            --in
            Content-Type: text/enriched

            <bold>inner</bold>
            --in--

            --outer

            a part without any header
            --outer--
            epilogue

            """)),
    ];

    /// <summary>Header block (LF line ends) up to, not including, the MIME fields and the empty line.</summary>
    static string Headers(string to, string subject, string id) => $"""
        From: Edge Case <edge@example.net>
        To: {to}
        Subject: {subject}
        Date: Mon, 08 Jan 2024 10:00:00 +0000
        Message-ID: <{id}@edge.example.net>

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    static byte[] Crlf(string text) =>
        Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    static byte[] LargeAttachment(string to)
    {
        var random = new Random(20);
        var payload = new byte[LargeAttachmentBase64Bytes / 78 * 57];
        random.NextBytes(payload);
        var base64 = Convert.ToBase64String(payload, Base64FormattingOptions.InsertLineBreaks); // 76-character lines, CRLF
        var text = new StringBuilder(base64.Length + 1024)
            .Append(Headers(to, "20 MB attachment", "large").Replace("\n", "\r\n", StringComparison.Ordinal))
            .Append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n")
            .Append("--big\r\nContent-Type: text/plain\r\n\r\nA large file.\r\n")
            .Append("--big\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"big.bin\"\r\n")
            .Append("Content-Transfer-Encoding: base64\r\n\r\n")
            .Append(base64)
            .Append("\r\n--big--\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
