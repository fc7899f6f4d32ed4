// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lockbox.Web.Tests.Security;

public sealed class EncryptMailboxTests
{
    const string Address = "carl@example.org";
    const string Password = "pw-carl-1";

    static async Task<(WebTestServer Server, BrowserClient Client)> StartCleartextAsync()
    {
        var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password, encrypt: false);
        await server.DeliverAsync(Address, Mails.Text("Before encryption", "readable afterwards"));
        await server.DeliverAsync(Address, Mails.Text("Second one", "also kept"));
        var client = server.NewClient();
        await client.LogInAsync(Address, Password);
        return (server, client);
    }

    static KeyValuePair<string, string>[] Form(string label, string password, bool agree) =>
        agree ? [new("ConsentLabel", label), new("Agree", "true"), new("Password", password)] : [new("ConsentLabel", label), new("Password", password)];

    [Fact]
    public async Task Encrypt_my_mailbox_shows_the_consent_text_reaches_100_percent_and_the_mail_stays_readable()
    {
        var (server, client) = await StartCleartextAsync();
        await using var _ = server;
        using var __ = client;
        var consent = await server.Services.GetRequiredService<IKeyPortal>().GetConsentTextAsync(ConsentKind.Encryption, CancellationToken.None);
        using var other = server.NewClient();
        await other.LogInAsync(Address, Password);

        var page = await client.GetPageAsync("/security/encrypt");
        var shown = System.Text.RegularExpressions.Regex.Match(page, "<p class=\"consent\" id=\"consent-text\">(.*?)</p>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.Equal(consent.Text, WebUtility.HtmlDecode(shown.Groups[1].Value));
        using var started = await client.PostAsync("/security/encrypt", Form(consent.Label, Password, agree: true), tokenPage: "/security/encrypt");
        Assert.Equal((HttpStatusCode.Redirect, "/security/progress"), (started.StatusCode, started.Headers.Location!.OriginalString));

        var progress = await client.GetPageAsync("/security/progress");
        for (var i = 0; i < 100 && !progress.Contains("100 %", StringComparison.Ordinal); i++)
        {
            Assert.Contains("<meta http-equiv=\"refresh\"", progress, StringComparison.Ordinal);
            Assert.Contains("<progress id=\"bar\" max=\"100\"", progress, StringComparison.Ordinal);
            await Task.Delay(100, TestContext.Current.CancellationToken);
            progress = await client.GetPageAsync("/security/progress");
        }

        Assert.Contains("100 % (2 of 2 messages)", progress, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", progress, StringComparison.Ordinal);
        Assert.Contains("Encrypted with your key", await client.GetPageAsync("/security"), StringComparison.Ordinal);
        // The session that turned encryption on reads the encrypted mail too: the page renewed it with the new key.
        Assert.Contains("readable afterwards", await client.GetPageAsync("/mail/message?box=INBOX&uid=1"), StringComparison.Ordinal);
        // Another browser's session began without a key: it is ended, with the reason, at its first encrypted message.
        using (var outdated = await other.GetAsync("/mail/message?box=INBOX&uid=1"))
        {
            Assert.Equal((HttpStatusCode.Redirect, "/login?outdated=true"), (outdated.StatusCode, outdated.Headers.Location!.OriginalString));
        }

        Assert.Contains("Your mailbox was encrypted after you signed in", await other.GetPageAsync("/login?outdated=true"), StringComparison.Ordinal);
        using (var signedOut = await other.GetAsync("/mail"))
        {
            Assert.Equal("/login", signedOut.Headers.Location!.OriginalString);
        }

        using var again = server.NewClient();
        await again.LogInAsync(Address, Password);
        Assert.Contains("Before encryption", await again.GetPageAsync("/mail"), StringComparison.Ordinal);
        Assert.Contains("readable afterwards", await again.GetPageAsync("/mail/message?box=INBOX&uid=1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong password", true, "password")]
    [InlineData(Password, false, "Tick the box")]
    public async Task A_refused_start_shows_why_and_leaves_the_mailbox_in_clear(string password, bool agree, string error)
    {
        var (server, client) = await StartCleartextAsync();
        await using var _ = server;
        using var __ = client;
        var consent = await server.Services.GetRequiredService<IKeyPortal>().GetConsentTextAsync(ConsentKind.Encryption, CancellationToken.None);

        using var response = await client.PostAsync("/security/encrypt", Form(consent.Label, password, agree), tokenPage: "/security/encrypt");
        using var noToken = await client.PostAsync("/security/encrypt", Form(consent.Label, Password, agree: true), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(MailboxProtection.Cleartext, (await server.Services.GetRequiredService<IKeyPortal>().GetStatusAsync(Address, CancellationToken.None)).Protection);
        using var progress = await client.GetAsync("/security/progress");
        Assert.Equal("/security", progress.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Encrypt_without_a_session_sends_the_browser_to_login()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        using var response = await client.PostAsync("/security/encrypt", Form("encryption v1", Password, agree: true));

        Assert.Equal((HttpStatusCode.Redirect, "/login"), (response.StatusCode, response.Headers.Location!.OriginalString));
    }
}
