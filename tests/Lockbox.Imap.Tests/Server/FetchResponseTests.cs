// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Imap.Tests.Server;

/// <summary>
/// FETCH responses byte for byte (RFC 3501 sections 6.4.5, 7.4.2 and 9): ENVELOPE, BODYSTRUCTURE, BODY,
/// and the section forms built from the header cache, over a raw socket against a real Vault.
/// </summary>
public sealed class FetchResponseTests
{
    const string Address = "alice@example.org";
    const string Password = "secret";

    const string Rich = """
        Date: Mon, 08 Jan 2024 10:00:00 +0000
        From: =?utf-8?q?J=C3=B6rg?= <joerg@example.net>
        To: "Doe, Jane" <jane@example.org>, undisclosed-recipients:;
        Cc: Team: ann@example.org, "Bob B." <bob@example.org>;, carl@example.org (Carl C)
        Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= and
         a folded subject
        Message-ID: <m1@example.net>
        In-Reply-To: <m0@example.net>
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
        Content-ID: <html@example.net>
        Content-Description: the HTML version

        <p>Hello</p>
        --alt--

        --outer
        Content-Type: application/pdf; name="report.pdf"
        Content-Disposition: attachment; filename="report.pdf"
        Content-Transfer-Encoding: base64
        Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
        Content-Location: http://example.net/report.pdf

        JVBERi0xLjQK
        --outer
        Content-Type: message/rfc822

        From: Inner <inner@example.org>
        Subject: inner
        Message-ID: <inner@example.org>

        inner body
        --outer--

        """;

    const string InnerEnvelope =
        "(NIL \"inner\" ((\"Inner\" NIL \"inner\" \"example.org\")) ((\"Inner\" NIL \"inner\" \"example.org\")) ((\"Inner\" NIL \"inner\" \"example.org\")) NIL NIL NIL NIL \"<inner@example.org>\")";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Envelope_keeps_encoded_words_shows_groups_and_defaults_sender_and_reply_to_to_from()
    {
        await using var server = await ServerWithAsync(Rich);
        await using var session = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);

        var reply = await session.CommandAsync("FETCH 1 ENVELOPE", Ct);

        Assert.Equal(
            "* 1 FETCH (ENVELOPE (\"Mon, 08 Jan 2024 10:00:00 +0000\" \"=?utf-8?q?Gr=C3=BC=C3=9Fe?= and a folded subject\" " +
            "((\"=?utf-8?q?J=C3=B6rg?=\" NIL \"joerg\" \"example.net\")) ((\"=?utf-8?q?J=C3=B6rg?=\" NIL \"joerg\" \"example.net\")) " +
            "((\"=?utf-8?q?J=C3=B6rg?=\" NIL \"joerg\" \"example.net\")) " +
            "((\"Doe, Jane\" NIL \"jane\" \"example.org\") (NIL NIL \"undisclosed-recipients\" NIL) (NIL NIL NIL NIL)) " +
            "((NIL NIL \"Team\" NIL) (NIL NIL \"ann\" \"example.org\") (\"Bob B.\" NIL \"bob\" \"example.org\") (NIL NIL NIL NIL) (\"Carl C\" NIL \"carl\" \"example.org\")) " +
            "NIL \"<m0@example.net>\" \"<m1@example.net>\"))\r\n" +
            "t3 OK FETCH completed\r\n",
            reply);
    }

    [Fact]
    public async Task Bodystructure_and_body_describe_every_part_with_sizes_lines_and_extension_data()
    {
        await using var server = await ServerWithAsync(Rich);
        await using var session = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);

        var structure = await session.CommandAsync("FETCH 1 BODYSTRUCTURE", Ct);
        var body = await session.CommandAsync("FETCH 1 BODY", Ct);

        Assert.Equal(
            "* 1 FETCH (BODYSTRUCTURE (((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 25 2 NIL NIL NIL NIL) " +
            "(\"text\" \"html\" (\"charset\" \"utf-8\") \"<html@example.net>\" \"the HTML version\" \"7BIT\" 12 1 NIL NIL NIL NIL) " +
            "\"alternative\" (\"boundary\" \"alt\") NIL NIL NIL) " +
            "(\"application\" \"pdf\" (\"name\" \"report.pdf\") NIL NIL \"base64\" 12 \"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"attachment\" (\"filename\" \"report.pdf\")) NIL \"http://example.net/report.pdf\") " +
            "(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 94 " + InnerEnvelope + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL) 5 NIL NIL NIL NIL) " +
            "\"mixed\" (\"boundary\" \"outer\") NIL (\"en\" \"de\") NIL))\r\n" +
            "t3 OK FETCH completed\r\n",
            structure);
        Assert.Equal(
            "* 1 FETCH (BODY (((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 25 2) " +
            "(\"text\" \"html\" (\"charset\" \"utf-8\") \"<html@example.net>\" \"the HTML version\" \"7BIT\" 12 1) \"alternative\") " +
            "(\"application\" \"pdf\" (\"name\" \"report.pdf\") NIL NIL \"base64\" 12) " +
            "(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 94 " + InnerEnvelope + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 10 1) 5) \"mixed\"))\r\n" +
            "t4 OK FETCH completed\r\n",
            body);
    }

    [Fact]
    public async Task Header_fields_come_from_the_header_cache_and_every_section_is_echoed_as_asked()
    {
        await using var server = await ServerWithAsync(Rich);
        await using var session = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);

        var reply = await session.CommandAsync(
            "FETCH 1 (BODY.PEEK[HEADER.FIELDS (Subject FROM)] BODY.PEEK[3.HEADER.FIELDS.NOT (From Message-ID)] BODY.PEEK[1.2.MIME] BODY.PEEK[2]<2.5> BODY.PEEK[3.TEXT] BODY.PEEK[3.1])",
            Ct);

        Assert.Equal(
            "* 1 FETCH (BODY[HEADER.FIELDS (Subject FROM)] {112}\r\n" +
            "From: =?utf-8?q?J=C3=B6rg?= <joerg@example.net>\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= and\r\n a folded subject\r\n\r\n" +
            " BODY[3.HEADER.FIELDS.NOT (From Message-ID)] {18}\r\nSubject: inner\r\n\r\n" +
            " BODY[1.2.MIME] {113}\r\nContent-Type: text/html; charset=utf-8\r\nContent-ID: <html@example.net>\r\nContent-Description: the HTML version\r\n\r\n" +
            " BODY[2]<2> {5}\r\nBERi0" +
            " BODY[3.TEXT] {10}\r\ninner body" +
            " BODY[3.1] {10}\r\ninner body)\r\n" +
            "t3 OK FETCH completed\r\n",
            reply);
    }

    [Fact]
    public async Task Parts_that_do_not_exist_and_header_of_a_non_message_part_are_empty_strings()
    {
        await using var server = await ServerWithAsync(Rich);
        await using var session = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);

        var reply = await session.CommandAsync("FETCH 1 (BODY.PEEK[9] BODY.PEEK[1.TEXT] BODY.PEEK[2.HEADER] BODY.PEEK[3.2] BODY.PEEK[2.1.MIME])", Ct);

        Assert.Equal(
            "* 1 FETCH (BODY[9] {0}\r\n BODY[1.TEXT] {0}\r\n BODY[2.HEADER] {0}\r\n BODY[3.2] {0}\r\n BODY[2.1.MIME] {0}\r\n)\r\n" +
            "t3 OK FETCH completed\r\n",
            reply);
    }

    [Fact]
    public async Task A_message_without_MIME_headers_is_one_us_ascii_text_part_and_raw_field_names_survive()
    {
        await using var server = await ServerWithAsync("From: bob@example.net\r\nSubject: Gr\u00fc\u00dfe\r\nX-Spaced : value\r\n\r\nline one\r\nline two");
        await using var session = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);

        var reply = await session.CommandAsync(
            "FETCH 1 (ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (x-spaced)] BODY.PEEK[1] BODY.PEEK[1.MIME]<0.22> BODY.PEEK[TEXT]<5.100>)", Ct);

        // The 8-bit subject goes out as a literal: a quoted string may not carry 8-bit octets (RFC 3501 section 9).
        Assert.Equal(
            "* 1 FETCH (ENVELOPE (NIL {7}\r\nGr\u00c3\u00bc\u00c3\u009fe ((NIL NIL \"bob\" \"example.net\")) ((NIL NIL \"bob\" \"example.net\")) ((NIL NIL \"bob\" \"example.net\")) NIL NIL NIL NIL NIL) " +
            "BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 18 2 NIL NIL NIL NIL) " +
            "BODY[HEADER.FIELDS (x-spaced)] {20}\r\nX-Spaced : value\r\n\r\n" +
            " BODY[1] {18}\r\nline one\r\nline two" +
            " BODY[1.MIME]<0> {22}\r\nReturn-Path: <bob@exam" +
            " BODY[TEXT]<5> {13}\r\none\r\nline two)\r\n" +
            "t3 OK FETCH completed\r\n",
            reply);
    }

    [Fact]
    public async Task A_body_another_session_expunged_unannounced_is_nil_and_the_connection_stays()
    {
        await using var server = await ServerWithAsync("Subject: soon gone\r\n\r\nbody\r\n");
        await using var reader = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);
        await using var other = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);
        await other.CommandAsync("SELECT INBOX", Ct);
        await other.CommandAsync("STORE 1 +FLAGS.SILENT (\\Deleted)", Ct);
        Assert.EndsWith("OK EXPUNGE completed\r\n", await other.CommandAsync("EXPUNGE", Ct), StringComparison.Ordinal);

        // RFC 3501 section 7.4.1: no EXPUNGE during FETCH, so the reader still numbers the message 1.
        var fetch = await reader.CommandAsync("FETCH 1 (UID BODY.PEEK[])", Ct);
        var noop = await reader.CommandAsync("NOOP", Ct);

        Assert.Equal("* 1 FETCH (UID 1 BODY[] NIL)\r\nt3 OK FETCH completed\r\n", fetch);
        Assert.StartsWith("* 1 EXPUNGE\r\n", noop, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_items_of_a_message_another_session_expunged_are_nil_even_after_a_first_fetch()
    {
        await using var server = await ServerWithAsync("Subject: soon gone\r\n\r\nbody\r\n");
        await using var reader = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);
        await using var other = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);
        Assert.Contains("\"soon gone\"", await reader.CommandAsync("FETCH 1 (ENVELOPE)", Ct), StringComparison.Ordinal);
        await other.CommandAsync("SELECT INBOX", Ct);
        await other.CommandAsync("STORE 1 +FLAGS.SILENT (\\Deleted)", Ct);
        Assert.EndsWith("OK EXPUNGE completed\r\n", await other.CommandAsync("EXPUNGE", Ct), StringComparison.Ordinal);

        // RFC 2180 section 4.1.3: the message keeps its number until a NOOP, and its data is NIL.
        var fetch = await reader.CommandAsync("FETCH 1 (UID RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER])", Ct);

        Assert.Equal("* 1 FETCH (UID 1 RFC822.SIZE NIL ENVELOPE NIL BODYSTRUCTURE NIL BODY[HEADER] NIL)\r\nt4 OK FETCH completed\r\n", fetch);
    }

    /// <summary>A server with one cleartext user who was sent <paramref name="message"/> (CRLF line ends) by bob@example.net.</summary>
    static async Task<ImapTestServer> ServerWithAsync(string message)
    {
        var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password, encrypt: false);
        await server.DeliverAsync(Address, Encoding.UTF8.GetBytes(message.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)));
        return server;
    }
}
