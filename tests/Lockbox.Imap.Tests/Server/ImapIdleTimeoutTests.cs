// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Tests.Server;

/// <summary>The autologout timer (RFC 3501 section 5.4): BYE, then close; shorter before login.</summary>
public sealed class ImapIdleTimeoutTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_silent_client_that_has_not_logged_in_gets_BYE_after_the_login_timeout()
    {
        await using var server = await ImapTestServer.StartAsync(o => o.LoginTimeout = TimeSpan.FromMilliseconds(300));
        await using var raw = await RawImapConnection.ConnectAsync(server, implicitTls: false, Ct);
        await raw.ReadLineAsync(Ct);

        Assert.Equal(["* BYE Autologout; idle for too long"], await raw.ReadToCloseAsync(Ct));
    }

    [Fact]
    public async Task A_logged_in_client_keeps_the_longer_timeout_while_active_and_gets_BYE_once_silent()
    {
        await using var server = await ImapTestServer.StartAsync(o =>
        {
            o.LoginTimeout = TimeSpan.FromMilliseconds(300);
            o.IdleTimeout = TimeSpan.FromMilliseconds(1500);
        });
        await server.CreateUserAsync(Address, Password);
        await using var raw = await RawImapConnection.ConnectAsync(server, implicitTls: false, Ct);
        await raw.ReadLineAsync(Ct);
        await raw.CommandAsync("a", $"LOGIN {Address} \"{Password}\"", Ct);

        // Past the login timeout several times over, but each command restarts the idle timer.
        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(600, Ct);
            Assert.Equal("n" + i + " OK", (await raw.CommandAsync("n" + i, "NOOP", Ct))[^1][..(i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 4)]);
        }

        var silent = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(["* BYE Autologout; idle for too long"], await raw.ReadToCloseAsync(Ct));
        Assert.True(silent.Elapsed >= TimeSpan.FromMilliseconds(1400), $"closed after {silent.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Over_IMAPS_the_BYE_comes_inside_TLS()
    {
        await using var server = await ImapTestServer.StartAsync(o => o.LoginTimeout = TimeSpan.FromMilliseconds(300));
        await using var raw = await RawImapConnection.ConnectAsync(server, implicitTls: true, Ct);
        await raw.ReadLineAsync(Ct);

        Assert.Equal(["* BYE Autologout; idle for too long"], await raw.ReadToCloseAsync(Ct));
    }

    [Fact]
    public async Task A_client_that_never_starts_the_IMAPS_handshake_is_closed_after_the_login_timeout()
    {
        await using var server = await ImapTestServer.StartAsync(o => o.LoginTimeout = TimeSpan.FromMilliseconds(300));
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.Address, server.ImapsPort, Ct);

        var received = await client.GetStream().ReadAsync(new byte[64], Ct);

        Assert.Equal(0, received);
    }
}
