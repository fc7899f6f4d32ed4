// SPDX-License-Identifier: MIT
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Lockbox.Lmtp.Tests.Server;

/// <summary>
/// STARTTLS on the LMTP listener (RFC 3207): the handshake, a transaction over TLS, the reset of what the client said
/// before it, pipelined cleartext dropped (CVE-2011-0411), and <c>Lmtp:RequireTls</c>.
/// </summary>
public sealed class LmtpStartTlsTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_transaction_runs_over_TLS_after_a_new_LHLO_and_STARTTLS_is_offered_only_before()
    {
        await using var server = await LmtpTestServer.StartAsync();
        using var client = await server.ConnectAsync();
        var session = new Session(client.GetStream());
        await session.ReadReplyAsync();
        Assert.Contains("250-STARTTLS", await session.CommandAsync("LHLO mx.example.net"), StringComparison.Ordinal);

        Assert.Equal("220 2.0.0 Ready to start TLS", await session.CommandAsync("STARTTLS"));
        var protocol = await session.StartTlsAsync();

        Assert.True(protocol >= SslProtocols.Tls12, protocol.ToString());
        // RFC 3207 section 4.2: the LHLO before the handshake is forgotten.
        Assert.Equal("503 5.5.1 Send LHLO first", await session.CommandAsync("MAIL FROM:<a@example.net>"));
        Assert.DoesNotContain("STARTTLS", await session.CommandAsync("LHLO mx.example.net"), StringComparison.Ordinal);
        Assert.Equal("503 5.5.1 TLS is already active", await session.CommandAsync("STARTTLS"));
        Assert.Equal("250 2.1.0 Sender OK", await session.CommandAsync("MAIL FROM:<a@example.net>"));
        Assert.Equal("250 2.1.5 Recipient OK", await session.CommandAsync("RCPT TO:<alice@example.org>"));
        Assert.StartsWith("354 ", await session.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.Equal("250 2.0.0 <alice@example.org> Saved", await session.CommandAsync("Subject: over TLS\r\n\r\nbody\r\n."));

        var (request, message) = Assert.Single(server.Delivery.Delivered);
        Assert.Equal(["alice@example.org"], request.Recipients);
        Assert.Equal("Subject: over TLS\r\n\r\nbody\r\n", Encoding.UTF8.GetString(message));
    }

    [Fact]
    public async Task Commands_pipelined_after_STARTTLS_in_clear_are_dropped_not_run_over_TLS()
    {
        await using var server = await LmtpTestServer.StartAsync();
        using var client = await server.ConnectAsync();
        var session = new Session(client.GetStream());
        await session.ReadReplyAsync();
        await session.CommandAsync("LHLO mx.example.net");

        // A man in the middle appends a command to the client's STARTTLS, in the same packet.
        Assert.Equal("220 2.0.0 Ready to start TLS", await session.CommandAsync("STARTTLS\r\nLHLO injected\r\nMAIL FROM:<evil@example.net>"));
        await session.StartTlsAsync();

        // Had the injected lines run over TLS, their replies would come first.
        Assert.Equal("250 2.0.0 OK", await session.CommandAsync("NOOP"));
        Assert.Equal("503 5.5.1 Send LHLO first", await session.CommandAsync("MAIL FROM:<a@example.net>"));
    }

    [Fact]
    public async Task With_RequireTls_MAIL_waits_for_STARTTLS()
    {
        await using var server = await LmtpTestServer.StartAsync(o => o.RequireTls = true);
        using var client = await server.ConnectAsync();
        var session = new Session(client.GetStream());
        await session.ReadReplyAsync();
        await session.CommandAsync("LHLO mx.example.net");

        Assert.Equal("451 4.7.0 Must issue a STARTTLS command first: TLS is required here", await session.CommandAsync("MAIL FROM:<a@example.net>"));
        await session.CommandAsync("STARTTLS");
        await session.StartTlsAsync();
        await session.CommandAsync("LHLO mx.example.net");
        Assert.Equal("250 2.1.0 Sender OK", await session.CommandAsync("MAIL FROM:<a@example.net>"));
    }

    /// <summary>A line-at-a-time LMTP client whose stream can move onto TLS; it reads byte by byte, so it never holds back
    /// bytes the handshake needs.</summary>
    sealed class Session(NetworkStream network)
    {
        Stream _stream = network;

        public async Task<string> CommandAsync(string line)
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), Ct);
            return await ReadReplyAsync();
        }

        /// <summary>A whole reply, its lines joined by CRLF (RFC 5321 section 4.2.1: the last line has a space after the code).</summary>
        public async Task<string> ReadReplyAsync()
        {
            var lines = new List<string>();
            do
            {
                lines.Add(await ReadLineAsync());
            }
            while (lines[^1].Length > 3 && lines[^1][3] == '-');

            return string.Join("\r\n", lines);
        }

        public async Task<SslProtocols> StartTlsAsync()
        {
            var ssl = new SslStream(network, leaveInnerStreamOpen: true);
            var expected = TestCertificate.Shared.Certificate;
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == expected.GetCertHashString(),
            }, Ct);
            _stream = ssl;
            return ssl.SslProtocol;
        }

        async Task<string> ReadLineAsync()
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (await _stream.ReadAsync(one, Ct) == 1 && one[0] != '\n')
            {
                bytes.Add(one[0]);
            }

            return Encoding.UTF8.GetString([.. bytes]).TrimEnd('\r');
        }
    }
}
