// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Web.Tests.Infrastructure;

namespace Lockbox.Web.Tests.Security;

public sealed class SecurityPageTests
{
    [Fact]
    public async Task The_security_page_shows_the_signed_in_users_key_and_events()
    {
        await using var webmail = await SignedInWebmail.StartAsync();

        var html = await webmail.Client.GetPageAsync("/security?address=bob@example.org");

        Assert.Contains("Encrypted with your key", html, StringComparison.Ordinal);
        Assert.Matches("<code id=\"fingerprint\">[0-9A-F]{40}</code>", html);
        Assert.Contains("Separate key passphrase", html, StringComparison.Ordinal);
        Assert.Contains("Security events", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/security")]
    [InlineData("/security/password")]
    [InlineData("/security/encrypt")]
    [InlineData("/security/progress")]
    [InlineData("/security/key")]
    [InlineData("/security/download")]
    [InlineData("/security/download?handler=public")]
    [InlineData("/security/passphrase")]
    [InlineData("/security/escrow")]
    public async Task A_security_page_without_a_session_sends_the_browser_to_login(string path)
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
    }
}
