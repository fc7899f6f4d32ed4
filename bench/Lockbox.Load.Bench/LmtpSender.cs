// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lockbox.Load.Bench;

/// <summary>
/// A small async LMTP client (RFC 2033) for one connection: LHLO once, then one transaction per message with a single
/// recipient, whose one reply after the final dot says whether the message is stored. MailKit has no LMTP client.
/// </summary>
public sealed class LmtpSender : IAsyncDisposable
{
    readonly TcpClient _client;
    readonly NetworkStream _stream;
    readonly StreamReader _reader;

    LmtpSender(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    /// <summary>Connects, reads the 220 greeting and sends LHLO.</summary>
    /// <exception cref="LmtpReplyException">The greeting or the LHLO reply was not the expected one.</exception>
    public static async Task<LmtpSender> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endPoint, cancellationToken);
            var sender = new LmtpSender(client);
            await sender.ExpectAsync(220, "greeting", cancellationToken);
            await sender.WriteAsync("LHLO load.example.net\r\n", cancellationToken);
            await sender.ExpectAsync(250, "LHLO", cancellationToken);
            return sender;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Delivers <paramref name="message"/> (CRLF lines, not dot-stuffed) to one recipient.</summary>
    /// <exception cref="LmtpReplyException">Any reply other than 250 (354 after DATA); the message is then not acknowledged.</exception>
    public async Task DeliverAsync(string from, string to, byte[] message, CancellationToken cancellationToken)
    {
        await WriteAsync($"MAIL FROM:<{from}>\r\n", cancellationToken);
        await ExpectAsync(250, "MAIL FROM", cancellationToken);
        await WriteAsync($"RCPT TO:<{to}>\r\n", cancellationToken);
        await ExpectAsync(250, "RCPT TO", cancellationToken);
        await WriteAsync("DATA\r\n", cancellationToken);
        await ExpectAsync(354, "DATA", cancellationToken);
        await _stream.WriteAsync(DotStuff(message), cancellationToken);
        await WriteAsync(".\r\n", cancellationToken);
        // RFC 2033 section 4.2: one reply per accepted recipient; there is one.
        await ExpectAsync(250, "end of data", cancellationToken);
    }

    /// <summary>QUIT, then close.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await WriteAsync("QUIT\r\n", CancellationToken.None);
            await ExpectAsync(221, "QUIT", CancellationToken.None);
        }
        finally
        {
            Abort();
        }
    }

    /// <summary>Closes without QUIT: after a failed step the conversation's state is unknown.</summary>
    public void Abort()
    {
        _reader.Dispose();
        _client.Dispose();
    }

    async Task WriteAsync(string line, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(line), cancellationToken);

    /// <summary>Reads one reply (its continuation lines "NNN-" included) and checks its code.</summary>
    async Task ExpectAsync(int code, string step, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken)
                ?? throw new IOException($"connection closed waiting for the reply to {step}");
            if (line.Length < 4 || !int.TryParse(line.AsSpan(0, 3), out var got) || got != code)
            {
                throw new LmtpReplyException($"{step}: {line}");
            }

            if (line[3] == ' ')
            {
                return;
            }
        }
    }

    /// <summary>RFC 5321 section 4.5.2: a line that starts with a dot gets another one.</summary>
    static byte[] DotStuff(byte[] message)
    {
        var stuffed = new List<byte>(message.Length + 16);
        var lineStart = true;
        foreach (var b in message)
        {
            if (lineStart && b == (byte)'.')
            {
                stuffed.Add((byte)'.');
            }

            stuffed.Add(b);
            lineStart = b == (byte)'\n';
        }

        return [.. stuffed];
    }
}
