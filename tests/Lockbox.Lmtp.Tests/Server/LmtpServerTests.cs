// SPDX-License-Identifier: MIT
using System.Net.Sockets;
using System.Text;

namespace Lockbox.Lmtp.Tests.Server;

/// <summary>Cases a transcript cannot express: big payloads, vanishing clients, timeouts.</summary>
public sealed class LmtpServerTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Message_growing_over_the_limit_gets_552_per_recipient_and_nothing_is_stored()
    {
        await using var server = await LmtpTestServer.StartAsync(o => o.MaxMessageSize = 1000);
        using var client = await server.ConnectAsync();
        var session = await OpenTransactionAsync(client, "alice@example.org", "bob@example.org");

        await session.SendAsync(string.Concat(Enumerable.Repeat(new string('x', 70) + "\r\n", 30)) + ".\r\n");

        Assert.Equal("552 5.3.4 Message exceeds the size limit of 1000 bytes", await session.ReadLineAsync());
        Assert.Equal("552 5.3.4 Message exceeds the size limit of 1000 bytes", await session.ReadLineAsync());
        await session.SendAsync("NOOP\r\n");
        Assert.Equal("250 2.0.0 OK", await session.ReadLineAsync());
        Assert.Empty(server.Delivery.Delivered);
    }

    [Fact]
    public async Task Client_vanishing_mid_data_stores_nothing()
    {
        await using var server = await LmtpTestServer.StartAsync();
        using (var client = await server.ConnectAsync())
        {
            var session = await OpenTransactionAsync(client, "alice@example.org");
            await session.SendAsync("Subject: cut off\r\n\r\nhalf a bo");
            client.Client.Shutdown(SocketShutdown.Both);
        }

        await Task.Delay(200, Ct);
        Assert.Empty(server.Delivery.Delivered);
    }

    [Fact]
    public async Task Funnel_failure_gives_451_with_a_correlation_id_and_the_session_goes_on()
    {
        await using var server = await LmtpTestServer.StartAsync();
        using var client = await server.ConnectAsync();
        var session = await OpenTransactionAsync(client, "crash@example.org");

        await session.SendAsync("Subject: x\r\n\r\ny\r\n.\r\n");

        Assert.Matches(@"^451 4\.3\.0 <crash@example\.org> Internal error \(id [0-9a-f]{12}\), try again later$", await session.ReadLineAsync());
        await session.SendAsync("MAIL FROM:<a@example.net>\r\n");
        Assert.Equal("250 2.1.0 Sender OK", await session.ReadLineAsync());
    }

    [Fact]
    public async Task Overlong_command_line_is_refused_and_skipped()
    {
        await using var server = await LmtpTestServer.StartAsync(o => o.MaxCommandLineLength = 100);
        using var client = await server.ConnectAsync();
        var session = new RawSession(client);
        await session.ReadLineAsync();

        await session.SendAsync("NOOP " + new string('a', 5000) + "\r\nNOOP\r\n");

        Assert.Equal("500 5.5.2 Line too long", await session.ReadLineAsync());
        Assert.Equal("250 2.0.0 OK", await session.ReadLineAsync());
    }

    [Fact]
    public async Task Idle_client_gets_421_and_is_disconnected()
    {
        await using var server = await LmtpTestServer.StartAsync(o => o.IdleTimeout = TimeSpan.FromMilliseconds(300));
        using var client = await server.ConnectAsync();
        var session = new RawSession(client);
        await session.ReadLineAsync();

        Assert.Equal("421 4.4.2 Idle timeout, closing", await session.ReadLineAsync());
        Assert.Null(await session.ReadLineAsync());
    }

    [Fact]
    public async Task Delivered_message_reaches_the_funnel_unstuffed_with_the_envelope()
    {
        await using var server = await LmtpTestServer.StartAsync();
        using var client = await server.ConnectAsync();
        var session = await OpenTransactionAsync(client, "alice@example.org");

        await session.SendAsync("Subject: s\r\n\r\n..x\r\n.\r\n");

        Assert.Equal("250 2.0.0 <alice@example.org> Saved", await session.ReadLineAsync());
        var (request, message) = Assert.Single(server.Delivery.Delivered);
        Assert.Equal("sender@example.net", request.ReturnPath);
        Assert.Equal(["alice@example.org"], request.Recipients);
        Assert.Equal("Subject: s\r\n\r\n.x\r\n", Encoding.UTF8.GetString(message));
    }

    static async Task<RawSession> OpenTransactionAsync(TcpClient client, params string[] recipients)
    {
        var session = new RawSession(client);
        await session.ReadLineAsync();
        await session.SendAsync("LHLO test\r\nMAIL FROM:<sender@example.net>\r\n" + string.Concat(recipients.Select(r => $"RCPT TO:<{r}>\r\n")) + "DATA\r\n");
        // LHLO's reply ends at its line without a hyphen (RFC 5321 section 4.2.1); then MAIL's, and one per RCPT.
        while ((await session.ReadLineAsync())?.StartsWith("250-", StringComparison.Ordinal) == true)
        {
        }

        for (var i = 0; i < 1 + recipients.Length; i++)
        {
            await session.ReadLineAsync();
        }

        Assert.StartsWith("354 ", await session.ReadLineAsync(), StringComparison.Ordinal);
        return session;
    }

    sealed class RawSession(TcpClient client)
    {
        readonly NetworkStream _stream = client.GetStream();
        readonly StreamReader _reader = new(client.GetStream(), Encoding.UTF8);

        public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), Ct);

        public async Task<string?> ReadLineAsync() => await _reader.ReadLineAsync(Ct);
    }
}
