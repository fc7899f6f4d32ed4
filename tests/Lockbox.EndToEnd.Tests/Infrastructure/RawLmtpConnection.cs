// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A minimal LMTP client on a bare socket (RFC 2033), written without any mail library so that what
/// goes on the wire is exactly what the test wrote. It reads each reply as it arrives, so a caller
/// learns which recipients got their 250 even when the server dies halfway through the replies.
/// </summary>
internal sealed class RawLmtpConnection : IAsyncDisposable
{
    readonly TcpClient _client;
    readonly NetworkStream _stream;
    readonly StreamReader _reader;

    RawLmtpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.Latin1);
    }

    /// <summary>Connects, reads the greeting and sends LHLO.</summary>
    public static async Task<RawLmtpConnection> OpenAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endPoint, cancellationToken);
            var connection = new RawLmtpConnection(client);
            Expect(await connection.ReadReplyAsync(cancellationToken), 220);
            await connection.WriteAsync("LHLO test.example\r\n", cancellationToken);
            Expect(await connection.ReadReplyAsync(cancellationToken), 250);
            return connection;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One transaction: MAIL, RCPT per recipient, DATA, then one reply per accepted recipient.
    /// <paramref name="onStored"/> is called for each recipient the moment its 250 arrives.
    /// <paramref name="message"/> must use CRLF line ends and end with CRLF; it is dot-stuffed here.
    /// </summary>
    /// <exception cref="IOException">The connection broke (replies received before that were reported).</exception>
    public async Task SendAsync(string sender, IReadOnlyList<string> recipients, string message, Action<string> onStored, CancellationToken cancellationToken)
    {
        await WriteAsync($"MAIL FROM:<{sender}>\r\n", cancellationToken);
        Expect(await ReadReplyAsync(cancellationToken), 250);
        var accepted = new List<string>();
        foreach (var recipient in recipients)
        {
            await WriteAsync($"RCPT TO:<{recipient}>\r\n", cancellationToken);
            var reply = await ReadReplyAsync(cancellationToken);
            if (reply.Code == 250)
            {
                accepted.Add(recipient);
            }
        }

        if (accepted.Count == 0)
        {
            await WriteAsync("RSET\r\n", cancellationToken);
            Expect(await ReadReplyAsync(cancellationToken), 250);
            return;
        }

        await WriteAsync("DATA\r\n", cancellationToken);
        Expect(await ReadReplyAsync(cancellationToken), 354);
        // RFC 5321 section 4.5.2: a line that starts with "." gets one more.
        var stuffed = message.Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        await WriteAsync((stuffed.StartsWith('.') ? "." : "") + stuffed + ".\r\n", cancellationToken);
        // RFC 2033 section 4.2: one reply per accepted recipient, in RCPT order.
        foreach (var recipient in accepted)
        {
            if ((await ReadReplyAsync(cancellationToken)).Code == 250)
            {
                onStored(recipient);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await WriteAsync("QUIT\r\n", CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The server is gone (the crash test kills it); there is nobody to say goodbye to.
        }

        _reader.Dispose();
        _client.Dispose();
    }

    async Task WriteAsync(string text, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken);

    /// <summary>Reads one reply, following "NNN-" continuation lines to the final "NNN " line.</summary>
    async Task<(int Code, string Text)> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new IOException("the server closed the connection");
            text.AppendLine(line);
            if (line.Length < 4 || !int.TryParse(line.AsSpan(0, 3), out var code))
            {
                throw new IOException($"not an LMTP reply: {line}");
            }

            if (line[3] == ' ')
            {
                return (code, text.ToString());
            }
        }
    }

    static void Expect((int Code, string Text) reply, int code)
    {
        if (reply.Code != code)
        {
            throw new InvalidOperationException($"expected {code}, got {reply.Text}");
        }
    }
}
