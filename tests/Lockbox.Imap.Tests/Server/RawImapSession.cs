// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Lockbox.Imap.Tests.Server;

/// <summary>A raw-socket IMAP session for exact-bytes checks: sends a tagged command and returns every octet up to and including its tagged reply.</summary>
internal sealed partial class RawImapSession : IAsyncDisposable
{
    readonly TcpClient _client;
    readonly Stream _stream;
    readonly byte[] _buffer = new byte[64 * 1024];
    int _count;
    int _tag;

    RawImapSession(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Connects, reads the greeting, logs in and examines INBOX.</summary>
    public static async Task<RawImapSession> OpenInboxAsync(ImapTestServer server, string address, string password, CancellationToken cancellationToken)
    {
        var session = new RawImapSession(await server.ConnectAsync());
        await session.ReadLineAsync(cancellationToken);
        await session.CommandAsync($"LOGIN {address} \"{password}\"", cancellationToken);
        await session.CommandAsync("EXAMINE INBOX", cancellationToken);
        return session;
    }

    /// <summary>Sends <paramref name="command"/> under a fresh tag; returns the untagged replies (literals included) and the tagged one, as Latin-1 text.</summary>
    public async Task<string> CommandAsync(string command, CancellationToken cancellationToken)
    {
        var tag = "t" + (++_tag).ToString(CultureInfo.InvariantCulture);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(tag + " " + command + "\r\n"), cancellationToken);
        var reply = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            reply.Append(line);
            if (LiteralAtEnd().Match(line) is { Success: true } literal)
            {
                reply.Append(await ReadAsync(int.Parse(literal.Groups[1].Value, CultureInfo.InvariantCulture), cancellationToken));
                continue;
            }

            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return reply.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = Array.IndexOf(_buffer, (byte)'\n', 0, _count);
            if (end >= 0)
            {
                return Take(end + 1);
            }

            await FillAsync(cancellationToken);
        }
    }

    async Task<string> ReadAsync(int length, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        while (length > 0)
        {
            if (_count == 0)
            {
                await FillAsync(cancellationToken);
            }

            var n = Math.Min(length, _count);
            text.Append(Take(n));
            length -= n;
        }

        return text.ToString();
    }

    async Task FillAsync(CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAsync(_buffer.AsMemory(_count), cancellationToken);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _count += read;
    }

    string Take(int n)
    {
        var text = Encoding.Latin1.GetString(_buffer, 0, n);
        Array.Copy(_buffer, n, _buffer, 0, _count - n);
        _count -= n;
        return text;
    }

    [GeneratedRegex(@"\{(\d+)\}\r\n$")]
    private static partial Regex LiteralAtEnd();
}
