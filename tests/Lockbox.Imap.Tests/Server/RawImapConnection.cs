// SPDX-License-Identifier: MIT
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;

namespace Lockbox.Imap.Tests.Server;

/// <summary>
/// A line-level IMAP client over a raw socket, for what MailKit will not do: pipelining bytes after
/// STARTTLS, watching a silent connection time out. Reads byte by byte, so nothing the server sends
/// after a line is swallowed before a TLS upgrade.
/// </summary>
internal sealed class RawImapConnection : IAsyncDisposable
{
    readonly TcpClient _client;
    Stream _stream;

    RawImapConnection(TcpClient client, Stream stream)
    {
        _client = client;
        _stream = stream;
    }

    /// <summary>Connects to the cleartext port; with <paramref name="implicitTls"/>, to the IMAPS port with the handshake done.</summary>
    public static async Task<RawImapConnection> ConnectAsync(ImapTestServer server, bool implicitTls, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.Address, implicitTls ? server.ImapsPort : server.Port, cancellationToken);
        var connection = new RawImapConnection(client, client.GetStream());
        if (implicitTls)
        {
            await connection.StartTlsAsync(server.Fingerprint, cancellationToken);
        }

        return connection;
    }

    /// <summary>Runs the client side of a TLS handshake on the connection, trusting only the certificate with <paramref name="fingerprint"/>.</summary>
    public async Task StartTlsAsync(string fingerprint, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == fingerprint);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 }, cancellationToken);
        _stream = ssl;
    }

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>The next line without CRLF; null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(one, cancellationToken);
            }
            catch (IOException) when (line.Count == 0)
            {
                // A TLS stream closed without close_notify, or a reset: the connection is gone either way.
                return null;
            }

            if (read == 0)
            {
                return line.Count == 0 ? null : Encoding.ASCII.GetString([.. line]);
            }

            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            }

            line.Add(one[0]);
        }
    }

    /// <summary>Sends one command and returns every line up to and including its tagged status.</summary>
    public async Task<IReadOnlyList<string>> CommandAsync(string tag, string command, CancellationToken cancellationToken)
    {
        await SendAsync(tag + " " + command + "\r\n", cancellationToken);
        var lines = new List<string>();
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return lines;
            }
        }

        throw new IOException("Connection closed before the tagged response; got: " + string.Join(" | ", lines));
    }

    /// <summary>Every line until the server closes the connection.</summary>
    public async Task<IReadOnlyList<string>> ReadToCloseAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
