// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.Imap.Tests.Server;

/// <summary>STARTTLS (RFC 3501 section 6.2.1), IMAPS (RFC 8314) and the refusal of cleartext passwords, with MailKit and raw sockets.</summary>
public sealed class ImapTlsTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MailKit_fetches_a_message_over_STARTTLS()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        await server.DeliverAsync(Address, Message("over starttls"));
        using var client = PinningClient(server.Fingerprint);

        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.StartTls, Ct);

        Assert.True(client.IsSecure);
        await client.AuthenticateAsync(Address, Password, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        var message = await client.Inbox.GetMessageAsync(0, Ct);
        Assert.Equal("over starttls", message.TextBody?.TrimEnd());
        await client.DisconnectAsync(quit: true, Ct);
    }

    [Fact]
    public async Task MailKit_fetches_a_message_over_IMAPS()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        await server.DeliverAsync(Address, Message("over imaps"));
        using var client = PinningClient(server.Fingerprint);

        await client.ConnectAsync("127.0.0.1", server.ImapsPort, SecureSocketOptions.SslOnConnect, Ct);

        Assert.True(client.IsSecure);
        Assert.False(client.Capabilities.HasFlag(ImapCapabilities.StartTLS));
        await client.AuthenticateAsync(Address, Password, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        Assert.Equal("over imaps", (await client.Inbox.GetMessageAsync(0, Ct)).TextBody?.TrimEnd());
        await client.DisconnectAsync(quit: true, Ct);
    }

    [Fact]
    public async Task A_client_pinning_another_certificate_refuses_the_server()
    {
        await using var server = await ImapTestServer.StartAsync();
        using var client = PinningClient(new string('0', 64));

        await Assert.ThrowsAsync<SslHandshakeException>(() => client.ConnectAsync("127.0.0.1", server.ImapsPort, SecureSocketOptions.SslOnConnect, Ct));
    }

    [Fact]
    public async Task Commands_pipelined_after_STARTTLS_are_discarded_not_run_inside_TLS()
    {
        // CVE-2011-0411: a man in the middle appends a command to the client's STARTTLS; it must not
        // run as if the client had sent it over TLS.
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        await using var raw = await RawImapConnection.ConnectAsync(server, implicitTls: false, Ct);
        await raw.ReadLineAsync(Ct);

        await raw.SendAsync($"a STARTTLS\r\nb LOGIN {Address} \"{Password}\"\r\nc NOOP\r\n", Ct);
        Assert.Equal("a OK Begin TLS negotiation now", await raw.ReadLineAsync(Ct));
        await raw.StartTlsAsync(server.Fingerprint, Ct);
        var select = await raw.CommandAsync("d", "SELECT INBOX", Ct);

        Assert.Equal(["d BAD Log in first"], select);
        // RFC 3501 section 6.2.1: the capabilities change after the handshake.
        var capability = await raw.CommandAsync("e", "CAPABILITY", Ct);
        Assert.DoesNotContain("STARTTLS", capability[0], StringComparison.Ordinal);
        Assert.Contains("AUTH=PLAIN", capability[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task STARTTLS_inside_TLS_is_refused()
    {
        await using var server = await ImapTestServer.StartAsync();
        await using var raw = await RawImapConnection.ConnectAsync(server, implicitTls: true, Ct);
        await raw.ReadLineAsync(Ct);

        Assert.Equal(["a BAD TLS is already active"], await raw.CommandAsync("a", "STARTTLS", Ct));
    }

    [Fact]
    public async Task A_client_that_speaks_cleartext_to_the_IMAPS_port_is_closed_without_a_reply()
    {
        await using var server = await ImapTestServer.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(server.Address, server.ImapsPort, Ct);
        var stream = client.GetStream();

        await stream.WriteAsync("a CAPABILITY\r\n"u8.ToArray(), Ct);
        var buffer = new byte[256];
        var received = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer, Ct)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        Assert.DoesNotContain("OK", Encoding.ASCII.GetString(received.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Off_loopback_LOGIN_is_disabled_until_STARTTLS()
    {
        var address = NonLoopbackAddress();
        await using var server = await ImapTestServer.StartAsync(address: address);
        await server.CreateUserAsync(Address, Password);
        await using (var raw = await RawImapConnection.ConnectAsync(server, implicitTls: false, Ct))
        {
            var greeting = await raw.ReadLineAsync(Ct);
            Assert.Contains(" STARTTLS LOGINDISABLED]", greeting, StringComparison.Ordinal);
            Assert.DoesNotContain("AUTH=PLAIN", greeting, StringComparison.Ordinal);

            Assert.Equal(
                ["a NO [PRIVACYREQUIRED] Plaintext authentication is allowed only over TLS (STARTTLS) or loopback"],
                await raw.CommandAsync("a", $"LOGIN {Address} \"{Password}\"", Ct));
            Assert.Equal(
                ["b NO [PRIVACYREQUIRED] Plaintext authentication is allowed only over TLS or loopback"],
                await raw.CommandAsync("b", "AUTHENTICATE PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{Address}\0{Password}")), Ct));
        }

        using var client = PinningClient(server.Fingerprint);
        await client.ConnectAsync(address.ToString(), server.Port, SecureSocketOptions.StartTls, Ct);
        await client.AuthenticateAsync(Address, Password, Ct);
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task Off_loopback_cleartext_login_works_when_configuration_allows_it()
    {
        var address = NonLoopbackAddress();
        await using var server = await ImapTestServer.StartAsync(o => o.AllowPlaintextAuth = true, address);
        await server.CreateUserAsync(Address, Password);
        using var client = new ImapClient();

        await client.ConnectAsync(address.ToString(), server.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, Password, Ct);

        Assert.True(client.IsAuthenticated);
    }

    /// <summary>MailKit accepting exactly the certificate with this SHA-256 fingerprint, as a user of a self-signed server would.</summary>
    internal static ImapClient PinningClient(string fingerprint) => new()
    {
        ServerCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == fingerprint,
    };

    /// <summary>An address of this host that is not loopback, so the server sees a remote client.</summary>
    static IPAddress NonLoopbackAddress()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (address is null)
        {
            Assert.Skip("This host has no non-loopback IPv4 address to connect from.");
        }

        return address;
    }

    static byte[] Message(string body) =>
        Encoding.ASCII.GetBytes($"From: bob@example.net\r\nTo: alice@example.org\r\nSubject: test\r\n\r\n{body}\r\n");
}
