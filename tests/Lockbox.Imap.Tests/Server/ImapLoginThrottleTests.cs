// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Lockbox.Imap.Tests.Server;

/// <summary>
/// Login throttling (RFC 5530 UNAVAILABLE) and equal answers for unknown users and wrong passwords, on
/// the real server over a real Vault with its Argon2 settings.
/// </summary>
public sealed class ImapLoginThrottleTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";
    const string Failed = "NO [AUTHENTICATIONFAILED] Authentication failed";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_free_failures_even_the_right_password_is_refused_quickly_until_the_lockout_ends()
    {
        await using var server = await ImapTestServer.StartAsync(o =>
        {
            o.LoginThrottle.UserFailuresBeforeDelay = 2;
            o.LoginThrottle.BaseDelay = TimeSpan.FromSeconds(2);
        });
        await server.CreateUserAsync(Address, Password);
        await using var raw = await RawImapConnection.ConnectAsync(server, implicitTls: false, Ct);
        await raw.ReadLineAsync(Ct);
        var failures = new List<TimeSpan>();
        for (var i = 1; i <= 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.Equal(["a" + i + " " + Failed], await raw.CommandAsync("a" + i, $"LOGIN {Address} wrong", Ct));
            failures.Add(Stopwatch.GetElapsedTime(started));
        }

        var throttledAt = Stopwatch.GetTimestamp();
        var throttled = Assert.Single(await raw.CommandAsync("b", $"LOGIN {Address} \"{Password}\"", Ct));
        var throttledTook = Stopwatch.GetElapsedTime(throttledAt);

        Assert.StartsWith("b NO [UNAVAILABLE] Too many failed logins; try again in ", throttled, StringComparison.Ordinal);
        // No Argon2 run behind a throttled answer: far quicker than any checked password.
        Assert.True(throttledTook < failures.Min() / 2, $"throttled answer took {throttledTook.TotalMilliseconds} ms, a checked one {failures.Min().TotalMilliseconds} ms");
        await Task.Delay(TimeSpan.FromSeconds(2) - Stopwatch.GetElapsedTime(throttledAt) + TimeSpan.FromMilliseconds(100), Ct);
        Assert.Equal("c OK", (await raw.CommandAsync("c", $"LOGIN {Address} \"{Password}\"", Ct))[^1][..4]);
    }

    [Fact]
    public async Task An_unknown_user_is_throttled_like_a_known_one_on_AUTHENTICATE_too()
    {
        await using var server = await ImapTestServer.StartAsync(o => o.LoginThrottle.UserFailuresBeforeDelay = 1);
        await server.CreateUserAsync(Address, Password);
        await using var raw = await RawImapConnection.ConnectAsync(server, implicitTls: false, Ct);
        await raw.ReadLineAsync(Ct);

        foreach (var user in new[] { Address, "nobody@example.org" })
        {
            var plain = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{user}\0wrong"));
            Assert.Equal(["a " + Failed], await raw.CommandAsync("a", "AUTHENTICATE PLAIN " + plain, Ct));
            Assert.Equal(["b " + Failed], await raw.CommandAsync("b", "AUTHENTICATE PLAIN " + plain, Ct));
            Assert.StartsWith("c NO [UNAVAILABLE] ", Assert.Single(await raw.CommandAsync("c", "AUTHENTICATE PLAIN " + plain, Ct)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_take_the_same_time()
    {
        // Vault runs a decoy Argon2 for unknown users (SessionService); a loose bound, since the host is shared.
        await using var server = await ImapTestServer.StartAsync(o =>
        {
            o.LoginThrottle.UserFailuresBeforeDelay = 1000;
            o.LoginThrottle.AddressFailuresBeforeDelay = 1000;
        });
        await server.CreateUserAsync(Address, Password);
        await using var raw = await RawImapConnection.ConnectAsync(server, implicitTls: false, Ct);
        await raw.ReadLineAsync(Ct);
        var wrongPassword = new List<double>();
        var unknownUser = new List<double>();
        await TimeAsync("w", Address);
        await TimeAsync("u", "nobody@example.org");

        for (var i = 0; i < 5; i++)
        {
            wrongPassword.Add(await TimeAsync("w" + i, Address));
            unknownUser.Add(await TimeAsync("u" + i, "nobody" + i + "@example.org"));
        }

        // Within a factor of two: a missing decoy would make unknown users ten times faster or more (no
        // Argon2 run at all), while a busy shared host easily moves either median by 30%.
        var (known, unknown) = (Median(wrongPassword), Median(unknownUser));
        Assert.True(unknown >= known / 2 && unknown <= known * 2, $"median wrong password {known:F0} ms, unknown user {unknown:F0} ms");

        async Task<double> TimeAsync(string tag, string user)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.Equal([tag + " " + Failed], await raw.CommandAsync(tag, $"LOGIN {user} wrong", Ct));
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
