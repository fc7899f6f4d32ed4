// SPDX-License-Identifier: MIT
using System.Net;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// The webmail in a PostgreSQL outage (docs/decisions/0022, amendment "a store that cannot answer"): one
/// <c>lockbox serve</c> on a database of its own, an encrypted user with a delivered canary message, signed in over HTTP.
/// While the database refuses connections (<c>ALLOW_CONNECTIONS false</c> plus a kill of its backends) the message page,
/// the list, a reply's compose page, a part download, the Security page and a second browser's login answer 503 with
/// <c>Retry-After</c> and the fixed text, show none of the message, and are logged once each at Warning, never as an
/// unhandled exception; once the database is back the same web session reads the message again.
/// </summary>
public sealed class WebStoreUnavailableTests(ITestOutputHelper output)
{
    const string User = "alice@outage.example";
    const string Password = "web outage password";
    const string Unavailable = "Your mail cannot be read right now. Try again in a moment.";
    const string MessagePage = "/mail/message?box=INBOX&uid=1";

    // The list with a crafted notice code: the 503 page shows only the fixed notices (ActionNotices), never the URL's text.
    const string CraftedNotice = "/mail?box=INBOX&notice=%3Cb%3Epwned%3C%2Fb%3E";

    static readonly string[] Paths = [MessagePage, "/mail?box=INBOX", CraftedNotice, "/mail/compose?box=INBOX&uid=1&mode=reply", "/mail/part?box=INBOX&uid=1&part=1", "/security"];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_an_outage_every_page_and_a_login_answer_503_with_Retry_After_and_no_mail_and_the_same_session_reads_again_after_it()
    {
        await using var nodes = await PostgresNodes.CreateAsync(Ct);
        await nodes.AddUserAsync(User, Password, encrypt: true);
        var server = await nodes.StartAsync("a");
        var message = CanaryMessage.Create(User);
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync("canary@example.net", [User], message.Bytes)).Code);
        }

        using var http = WebmailHttp.Browser(server);
        using (var login = await PostLoginAsync(http))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        // Control: before the outage every page answers, and the message page shows the canaries the outage must not.
        foreach (var path in Paths)
        {
            using var before = await WebmailHttp.GetAsync(http, path);
            Assert.True(before.StatusCode == HttpStatusCode.OK, $"GET {path} before the outage: {(int)before.StatusCode}");
        }

        Assert.Contains(message.Canaries[1], await WebmailHttp.ReadAsync(http, MessagePage), StringComparison.Ordinal);

        await nodes.Database.BeginOutageAsync(Ct);
        try
        {
            foreach (var path in Paths)
            {
                using var response = await WebmailHttp.GetAsync(http, path);
                await AssertUnavailableAsync(response, "GET " + path, message);
            }

            // A second browser signing in: Vault cannot check the password, which is neither a wrong password nor a fault.
            using var other = WebmailHttp.Browser(server);
            using var refused = await PostLoginAsync(other);
            await AssertUnavailableAsync(refused, "POST /login", message);
        }
        finally
        {
            await nodes.Database.EndOutageAsync();
        }

        // The same cookie, no new login: the session outlived the outage.
        var (page, waited) = await WebmailHttp.ReadAfterOutageAsync(http, MessagePage);
        Assert.Contains(message.Canaries[0], page, StringComparison.Ordinal);
        Assert.Contains(message.Canaries[1], page, StringComparison.Ordinal);
        output.WriteLine($"reading again {waited.TotalSeconds:F1} s after the outage");

        // One Warning per refused request (the console logger writes from its own queue: wait for the last one).
        var log = await server.WaitForLogAsync("Web POST /login answered 503");
        Assert.Equal(Paths.Length + 1, Regex.Count(log, @"warn: Lockbox\.Web\.StoreUnavailableMiddleware\[6200\]"));
        // The path without its query (the list's two requests are one path).
        Assert.All(
            Paths.GroupBy(p => new Uri(new Uri("http://web/"), p).AbsolutePath),
            path => Assert.Equal(path.Count(), Regex.Count(log, "Web GET " + Regex.Escape(path.Key) + " answered 503")));
        Assert.DoesNotContain("unhandled exception", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fail: ", log, StringComparison.Ordinal);
    }

    static async Task AssertUnavailableAsync(HttpResponseMessage response, string request, CanaryMessage message)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{request} in the outage: {(int)response.StatusCode} {body}");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Unavailable, body, StringComparison.Ordinal);
        Assert.All(message.Canaries, c => Assert.DoesNotContain(c, body, StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("pwned", body, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"status\"", body, StringComparison.Ordinal);
        // The page's headers still apply: nothing of it is kept, and a download's own headers are gone.
        Assert.True(response.Headers.CacheControl?.NoStore, $"{request}: no Cache-Control: no-store");
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    static Task<HttpResponseMessage> PostLoginAsync(HttpClient http) => WebmailHttp.PostLoginAsync(http, User, Password);
}
