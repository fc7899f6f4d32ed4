// SPDX-License-Identifier: MIT
using System.Net;
using System.Text;
using Lockbox.Web.Tests.Infrastructure;
using MimeKit;

namespace Lockbox.Web.Tests.Compose;

public sealed class SendTests
{
    static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    static string Canary(string kind) => "CANARY" + kind + "-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()[..8]);

    [Fact]
    public async Task A_message_with_an_attachment_reaches_the_relay_byte_exact_and_its_encrypted_copy_goes_to_Sent()
    {
        await using var web = await ComposeWebmail.StartAsync();
        var attachment = new byte[70_000];
        new Random(11).NextBytes(attachment);
        var (subject, body) = (Canary("SUBJ"), Canary("BODY"));

        using var response = await web.PostAsync(
            [Field("action", "send"), Field("Input.To", "Bob <bob@example.net>"), Field("Input.Bcc", "carol@example.com"), Field("Input.Subject", subject), Field("Input.Body", body + "\r\n.leading dot\r\n")],
            [("Bericht für März.bin", "application/octet-stream", attachment)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/mail?box=Sent", response.Headers.Location!.OriginalString);
        var received = await web.Sink.NextAsync();
        Assert.Equal("<alice@example.org>", received.MailFrom);
        Assert.Equal(["bob@example.net", "carol@example.com"], received.Recipients);
        var sent = received.Parse();
        Assert.Equal("alice@example.org", Assert.Single(sent.From.Mailboxes).Address);
        Assert.Equal(subject, sent.Subject);
        Assert.Empty(sent.Bcc);
        Assert.DoesNotContain("carol", Encoding.ASCII.GetString(received.Data), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(sent.MessageId);
        Assert.NotEqual(DateTimeOffset.MinValue, sent.Date);
        Assert.Contains(body + "\n.leading dot\n", sent.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var part = Assert.IsType<MimePart>(Assert.Single(sent.Attachments));
        Assert.Equal("Bericht für März.bin", part.FileName);
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded, TestContext.Current.CancellationToken);
        Assert.Equal(attachment, decoded.ToArray());

        var (info, copy) = Assert.Single(await web.MailboxAsync("Sent"));
        Assert.Contains("\\Seen", info.Flags);
        Assert.Equal(sent.MessageId, copy.MessageId);
        Assert.Equal("carol@example.com", Assert.Single(copy.Bcc.Mailboxes).Address);
        var hits = DiskScan.FilesContaining(web.Server.Root, subject, body);
        Assert.True(hits.Count == 0, "plaintext on disk: " + string.Join(", ", hits));
    }

    [Fact]
    public async Task The_scan_of_the_data_directory_finds_a_canary_stored_in_clear()
    {
        // The leak check above is only worth something if the scan finds what is there: a cleartext user's Sent copy.
        await using var web = await ComposeWebmail.StartAsync();
        await web.Server.CreateUserAsync("carl@example.org", "pw-carl-1", encrypt: false);
        var subject = Canary("SUBJ");
        await web.Server.DeliverAsync("carl@example.org", Mails.Text(subject, "clear"));

        Assert.NotEmpty(DiskScan.FilesContaining(web.Server.Root, subject));
    }

    [Fact]
    public async Task Empty_fields_as_a_browser_posts_them_are_read_as_empty()
    {
        await using var web = await ComposeWebmail.StartAsync();

        using var response = await web.PostAsync(
            [Field("action", "send"), Field("Input.To", "bob@example.net"), Field("Input.Cc", ""), Field("Input.Bcc", ""), Field("Input.Subject", ""), Field("Input.Body", ""),
                Field("Input.InReplyTo", ""), Field("Input.References", ""), Field("Input.DraftUid", ""), Field("Input.ForwardBox", ""), Field("Input.ForwardUid", "")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("bob@example.net", Assert.Single((await web.Sink.NextAsync()).Parse().To.Mailboxes).Address);
    }

    [Fact]
    public async Task Without_the_anti_forgery_token_nothing_is_sent_or_saved()
    {
        await using var web = await ComposeWebmail.StartAsync();

        using var response = await web.PostAsync([Field("action", "send"), Field("Input.To", "bob@example.net"), Field("Input.Subject", "x")], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(web.Sink.HasMessage);
        Assert.Empty(await web.MailboxAsync("Sent"));
    }

    [Fact]
    public async Task Signed_out_the_compose_page_and_its_post_redirect_to_login()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        using var get = await client.GetAsync("/mail/compose");
        using var post = await client.PostAsync("/mail/compose", [Field("action", "send"), Field("Input.To", "bob@example.net")]);

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal("/login", get.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/login", post.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_refused_recipient_shows_the_relays_reason_and_saves_nothing_to_Sent()
    {
        await using var web = await ComposeWebmail.StartAsync();

        var html = await web.PostExpectingErrorAsync([Field("action", "send"), Field("Input.To", "refused@example.net"), Field("Input.Subject", "Hello")]);

        Assert.Contains("The mail relay refused the message for refused@example.net: 550", html, StringComparison.Ordinal);
        Assert.Contains("value=\"refused@example.net\"", html, StringComparison.Ordinal);
        Assert.Empty(await web.MailboxAsync("Sent"));
    }

    [Fact]
    public async Task An_unreachable_relay_shows_a_clear_error_and_saves_nothing_to_Sent()
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var web = await ComposeWebmail.StartAsync(relayPort: port);

        var html = await web.PostExpectingErrorAsync([Field("action", "send"), Field("Input.To", "bob@example.net"), Field("Input.Subject", "Hello")]);

        Assert.Contains("The message was not sent: the mail relay could not be reached", html, StringComparison.Ordinal);
        Assert.Empty(await web.MailboxAsync("Sent"));
    }

    [Theory]
    [InlineData("bob", "To: \"bob\" is not a complete e-mail address")]
    [InlineData("", "Add at least one recipient")]
    [InlineData("bob@example.net, carol@", "To: the addresses could not be read")]
    public async Task A_bad_recipient_list_is_explained_and_nothing_is_sent(string to, string error)
    {
        await using var web = await ComposeWebmail.StartAsync();

        var html = await web.PostExpectingErrorAsync([Field("action", "send"), Field("Input.To", to), Field("Input.Subject", "Hello")]);

        Assert.Contains(error, html, StringComparison.Ordinal);
        Assert.False(web.Sink.HasMessage);
        Assert.Empty(await web.MailboxAsync("Sent"));
    }
}
