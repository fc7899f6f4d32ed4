// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Web.Tests.Infrastructure;

namespace Lockbox.Web.Tests.Pages;

public sealed class SignedOutTests
{
    [Theory]
    [InlineData("/", "/mail")]
    [InlineData("/mail", "/login")]
    [InlineData("/mail?box=INBOX&p=2&sort=from", "/login")]
    [InlineData("/mail/message?box=INBOX&uid=1", "/login")]
    [InlineData("/logout", "/login")]
    public async Task A_page_without_a_session_sends_the_browser_to_login(string path, string location)
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/mail/body?box=INBOX&uid=1")]
    [InlineData("/mail/part?box=INBOX&uid=1&part=0")]
    public async Task Content_without_a_session_is_401(string path)
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_list_action_without_a_session_changes_nothing_with_or_without_the_token()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        using var withToken = await client.PostAsync("/mail", [new("box", "INBOX"), new("uid", "1"), new("action", "delete")]);
        using var withoutToken = await client.PostAsync("/mail", [new("box", "INBOX"), new("uid", "1"), new("action", "delete")], withToken: false);

        Assert.Equal(HttpStatusCode.Redirect, withToken.StatusCode);
        Assert.Equal("/login", withToken.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
    }
}
