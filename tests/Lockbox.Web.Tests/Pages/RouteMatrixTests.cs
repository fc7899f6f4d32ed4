// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lockbox.Web.Tests.Pages;

/// <summary>
/// Issue 6, acceptance "integration tests": every route the web serves, read from the running app's endpoints (a page
/// added later is covered without editing this test), signed in and not, GET and POST, with and without the
/// anti-forgery token; and the routes that take a mailbox and a message ID asked for another user's.
/// </summary>
public sealed class RouteMatrixTests
{
    /// <summary>What answers without a session (the forced password change is for a user who cannot sign in yet).</summary>
    static readonly HashSet<string> Public = ["/login", "/assets/lockbox.css", "/password-change-required"];

    static async Task<(WebTestServer Server, IReadOnlyList<string> Routes)> StartAsync()
    {
        var server = await WebTestServer.StartAsync();
        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // The matrix must see the whole site, or it proves nothing about the routes it missed.
        Assert.Superset(new HashSet<string>(["/mail", "/mail/message", "/mail/body", "/mail/part", "/mail/compose", "/security", "/security/key", "/logout"]), routes.ToHashSet());
        return (server, routes);
    }

    [Fact]
    public async Task Without_a_session_every_route_but_the_public_ones_sends_to_login_or_refuses()
    {
        var (server, routes) = await StartAsync();
        await using var _ = server;
        using var client = server.NewClient();

        var wrong = new List<string>();
        foreach (var route in routes)
        {
            using var response = await client.GetAsync(route);
            var location = response.Headers.Location?.OriginalString;
            var ok = Public.Contains(route)
                ? response.StatusCode == HttpStatusCode.OK
                // 400: a content route refuses a request without its query before it looks for a session.
                : response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest
                    || (response.StatusCode == HttpStatusCode.Redirect && location is "/login" or "/mail");
            if (!ok)
            {
                wrong.Add($"GET {route}: {(int)response.StatusCode} {location}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_POST_without_the_anti_forgery_token_is_refused_on_every_route_signed_in_or_not()
    {
        var (server, routes) = await StartAsync();
        await using var _ = server;
        await server.CreateUserAsync("alice@example.org", "pw-alice-1");
        await server.DeliverAsync("alice@example.org", Mails.Text("Keep me", "still here"));
        using var signedOut = server.NewClient();
        using var signedIn = server.NewClient();
        await signedIn.LogInAsync("alice@example.org", "pw-alice-1");

        var wrong = new List<string>();
        foreach (var (who, client) in new[] { ("signed out", signedOut), ("signed in", signedIn) })
        {
            foreach (var route in routes)
            {
                // Fields a real form of each page would send: without the token none of them may act.
                using var response = await client.PostAsync(route + "?box=INBOX&uid=1",
                    [new("box", "INBOX"), new("uid", "1"), new("action", "delete"), new("Password", "pw-alice-1"), new("Address", "alice@example.org")],
                    withToken: false);
                if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed))
                {
                    wrong.Add($"{who} POST {route}: {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Contains("Keep me", await signedIn.GetPageAsync("/mail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_every_route_answers_without_a_server_error()
    {
        var (server, routes) = await StartAsync();
        await using var _ = server;
        await server.CreateUserAsync("alice@example.org", "pw-alice-1");
        using var client = server.NewClient();
        await client.LogInAsync("alice@example.org", "pw-alice-1");

        var wrong = new List<string>();
        foreach (var route in routes.Where(r => r != "/logout"))
        {
            using var response = await client.GetAsync(route);
            if ((int)response.StatusCode >= 500)
            {
                wrong.Add($"GET {route}: {(int)response.StatusCode}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("/mail?box=Private")]
    [InlineData("/mail/message?box=INBOX&uid=1")]
    [InlineData("/mail/message?box=Private&uid=1")]
    [InlineData("/mail/body?box=INBOX&uid=1")]
    [InlineData("/mail/part?box=INBOX&uid=1&part=0")]
    [InlineData("/mail/compose?box=INBOX&uid=1&mode=reply")]
    [InlineData("/mail/compose?box=INBOX&uid=1&mode=forward")]
    [InlineData("/mail/compose?draft=1")]
    public async Task Another_users_mailbox_and_message_IDs_are_404_and_show_none_of_their_mail(string path)
    {
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync("alice@example.org", "pw-alice-1");
        await server.CreateUserAsync("bob@example.org", "pw-bob-1");
        await server.CreateMailboxAsync("alice@example.org", "pw-alice-1", "Private");
        await server.DeliverAsync("alice@example.org", Mails.Html("Alice only", "<p>ALICE-SECRET</p>"));
        using var alice = server.NewClient();
        await alice.LogInAsync("alice@example.org", "pw-alice-1");
        using var bob = server.NewClient();
        await bob.LogInAsync("bob@example.org", "pw-bob-1");

        using var own = await alice.GetAsync(path);
        using var other = await bob.GetAsync(path);

        // The same request works for the owner (Private is empty, the draft is not one): the 404 is about whose it is.
        Assert.True(own.StatusCode is HttpStatusCode.OK || path.Contains("Private&uid", StringComparison.Ordinal) || path.Contains("draft", StringComparison.Ordinal),
            $"alice: {(int)own.StatusCode}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("ALICE-SECRET", await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.DoesNotContain("Alice only", await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
