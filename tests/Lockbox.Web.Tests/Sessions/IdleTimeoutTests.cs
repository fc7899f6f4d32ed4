// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Web.Tests.Infrastructure;

namespace Lockbox.Web.Tests.Sessions;

public sealed class IdleTimeoutTests
{
    [Fact]
    public async Task An_idle_session_is_closed_and_its_key_dropped_without_the_browser_coming_back()
    {
        await using var server = await WebTestServer.StartAsync(o => o.IdleTimeout = TimeSpan.FromMilliseconds(400));
        await server.CreateUserAsync("alice@example.org", "pw-alice-1");
        using var client = server.NewClient();
        await client.LogInAsync("alice@example.org", "pw-alice-1");
        Assert.Equal(1, server.UnlockedUsers);

        // The sweeper runs every quarter of the timeout (clamped to at least 100 ms).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((server.Registry.Count > 0 || server.UnlockedUsers > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, server.Registry.Count);
        Assert.Equal(0, server.UnlockedUsers);
        using var response = await client.GetAsync("/mail");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_session_in_use_stays_open()
    {
        await using var server = await WebTestServer.StartAsync(o => o.IdleTimeout = TimeSpan.FromSeconds(3));
        await server.CreateUserAsync("alice@example.org", "pw-alice-1");
        using var client = server.NewClient();
        await client.LogInAsync("alice@example.org", "pw-alice-1");

        // Longer in all than the timeout, never that long between two requests (with 2 s to spare for a loaded machine).
        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            await client.GetPageAsync("/mail");
        }

        Assert.Equal(1, server.Registry.Count);
    }
}
