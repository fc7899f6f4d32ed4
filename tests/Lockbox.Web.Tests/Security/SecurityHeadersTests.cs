// SPDX-License-Identifier: MIT
using Lockbox.Web.Security;
using Lockbox.Web.Tests.Infrastructure;

namespace Lockbox.Web.Tests.Security;

public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("/login", false)]
    [InlineData("/mail", true)]
    [InlineData("/mail?box=INBOX&sort=subject&order=asc", true)]
    [InlineData("/password-change-required", false)]
    public async Task Every_page_carries_the_strict_policy_and_is_never_cached(string path, bool signedIn)
    {
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync("alice@example.org", "pw-alice-1");
        using var client = server.NewClient();
        if (signedIn)
        {
            await client.LogInAsync("alice@example.org", "pw-alice-1");
        }

        using var response = await client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaders.PagePolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("no-store", Header(response, "Cache-Control"), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // The policy has no 'unsafe-inline': the pages must not need it.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stylesheet_is_served_locally_and_may_be_cached()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        using var response = await client.GetAsync("/assets/lockbox.css");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=3600", Header(response, "Cache-Control"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    static string Header(HttpResponseMessage response, string name) =>
        string.Join(", ", response.Headers.TryGetValues(name, out var values) ? values : response.Content.Headers.GetValues(name));
}
