// SPDX-License-Identifier: MIT
using System.Net;
using System.Text;
using Lockbox.Web.Security;
using Lockbox.Web.Tests.Infrastructure;

namespace Lockbox.Web.Tests.Pages;

public sealed class MessagePageTests
{
    const string Address = SignedInWebmail.Address;
    const string Password = SignedInWebmail.Password;

    [Fact]
    public async Task A_text_body_is_shown_escaped_and_opening_marks_the_message_read()
    {
        await using var web = await SignedInWebmail.StartAsync(null, Mails.Text("Hello =?utf-8?q?W=C3=B6rld?=", "<script>alert(1)</script> & more"));
        var (server, client) = (web.Server, web.Client);

        var html = await client.GetPageAsync("/mail/message?box=INBOX&uid=1");

        Assert.Contains("Hello Wörld", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"seen\">", await client.GetPageAsync("/mail?box=INBOX"), StringComparison.Ordinal);
        Assert.Contains("<option value=\"Archive\">Archive</option>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"INBOX\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HTML_body_goes_to_a_sandboxed_frame_with_remote_images_blocked_until_asked()
    {
        const string Body = "<p onclick=\"steal()\">Hi</p><img src=\"https://tracker.example/t.gif?u=alice\"><script>alert(1)</script>";
        await using var web = await SignedInWebmail.StartAsync(null, Mails.Html("News", Body));
        var (server, client) = (web.Server, web.Client);

        var page = await client.GetPageAsync("/mail/message?box=INBOX&uid=1");
        Assert.Contains("<iframe class=\"body\" title=\"Message body\" src=\"/mail/body?box=INBOX&amp;uid=1\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\"", page, StringComparison.Ordinal);
        Assert.Contains("Remote images were blocked (1)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("tracker.example", page, StringComparison.Ordinal);

        using var body = await client.GetAsync("/mail/body?box=INBOX&uid=1");
        var html = await body.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, body.StatusCode);
        Assert.Equal(SecurityHeaders.BodyPolicy(remoteImages: false), string.Join(",", body.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("SAMEORIGIN", string.Join(",", body.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-store", string.Join(",", body.Headers.GetValues("Cache-Control")));
        Assert.Contains("Hi</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tracker.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", html, StringComparison.Ordinal);

        var loaded = await client.GetPageAsync("/mail/message?box=INBOX&uid=1&images=1");
        Assert.Contains("src=\"/mail/body?box=INBOX&amp;uid=1&amp;images=1\"", loaded, StringComparison.Ordinal);
        using var withImages = await client.GetAsync("/mail/body?box=INBOX&uid=1&images=1");
        Assert.Contains("https://tracker.example/t.gif?u=alice", (await withImages.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Replace("&amp;", "&", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(SecurityHeaders.BodyPolicy(remoteImages: true), string.Join(",", withImages.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task An_attachment_downloads_with_its_bytes_type_and_an_RFC_6266_file_name()
    {
        var content = new byte[3000];
        new Random(7).NextBytes(content);
        await using var web = await SignedInWebmail.StartAsync(null, Mails.WithAttachment("Report", "Bericht für März.pdf", "application/pdf", content));
        var (server, client) = (web.Server, web.Client);

        var page = await client.GetPageAsync("/mail/message?box=INBOX&uid=1");
        Assert.Contains("Bericht für März.pdf", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("See the attachment.", page, StringComparison.Ordinal);

        using var download = await client.GetAsync("/mail/part?box=INBOX&uid=1&part=1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("Bericht für März.pdf", disposition.FileNameStar);
        Assert.Equal(SecurityHeaders.DownloadPolicy, string.Join(",", download.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_part_or_message_that_does_not_exist_is_404()
    {
        await using var web = await SignedInWebmail.StartAsync(null, Mails.Text("only", "one"));
        var (server, client) = (web.Server, web.Client);

        foreach (var path in new[] { "/mail/part?box=INBOX&uid=1&part=9", "/mail/message?box=INBOX&uid=2", "/mail/body?box=INBOX&uid=1", "/mail/message?box=Nope&uid=1" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, path);
        }
    }

    [Fact]
    public async Task Another_users_mailboxes_and_messages_are_404_and_their_flags_stay()
    {
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        await server.CreateUserAsync("mallory@example.org", "pw-mallory-1");
        await server.DeliverAsync(Address, Mails.Text("secret plans", "the secret"));
        using var alice = server.NewClient();
        await alice.LogInAsync(Address, Password);
        var aliceSession = alice.Cookies.GetCookies(alice.BaseAddress)["lockbox_session"]!.Value;
        // Alice has a folder Mallory does not.
        await server.CreateMailboxAsync(Address, Password, "Private");

        using var mallory = server.NewClient();
        await mallory.LogInAsync("mallory@example.org", "pw-mallory-1");
        foreach (var path in new[] { "/mail/message?box=INBOX&uid=1", "/mail/body?box=INBOX&uid=1", "/mail/part?box=INBOX&uid=1&part=0", "/mail?box=Private" })
        {
            using var response = await mallory.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, path);
            Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        using var flag = await mallory.PostAsync("/mail", [new("box", "INBOX"), new("uid", "1"), new("action", "delete")], tokenPage: "/mail");
        using var elsewhere = await mallory.PostAsync("/mail", [new("box", "Private"), new("uid", "1"), new("action", "read")], tokenPage: "/mail");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(["secret plans"], MailListTests.Subjects(await alice.GetPageAsync("/mail?box=INBOX")));
        Assert.Contains("<tr class=\"unread\">", await alice.GetPageAsync("/mail?box=INBOX"), StringComparison.Ordinal);
        // Mallory's cookie is not Alice's session, and Alice's is unchanged.
        Assert.NotEqual(aliceSession, mallory.Cookies.GetCookies(mallory.BaseAddress)["lockbox_session"]!.Value);
    }

    [Fact]
    public async Task A_zero_access_mailbox_explains_why_there_is_no_body_and_serves_none()
    {
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password, encrypt: false);
        await server.MakeZeroAccessAsync(Address, Password);
        await server.DeliverAsync(Address, Mails.Text("Zebracorn subject", "zebracorn body"));
        using var client = server.NewClient();
        await client.LogInAsync(Address, Password);

        var list = await client.GetPageAsync("/mail?box=INBOX");
        var page = await client.GetPageAsync("/mail/message?box=INBOX&uid=1");
        var search = await client.GetPageAsync("/mail?box=INBOX&q=zebracorn");

        Assert.Contains("This message cannot be shown here", page, StringComparison.Ordinal);
        Assert.DoesNotContain("zebracorn", page + list, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Search is not possible in this mailbox", search, StringComparison.Ordinal);
        using var body = await client.GetAsync("/mail/part?box=INBOX&uid=1&part=0");
        Assert.Equal(HttpStatusCode.NotFound, body.StatusCode);
        Assert.DoesNotContain("zebracorn", Encoding.UTF8.GetString(await body.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
    }
}
