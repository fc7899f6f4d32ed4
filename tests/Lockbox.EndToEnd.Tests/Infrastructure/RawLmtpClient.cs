// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A deliberately plain LMTP client on a raw socket (RFC 2033): it writes exactly the bytes it is
/// given (dot-stuffed, but bare LF line ends stay bare) and reads the replies line by line, so tests
/// see the server's wire behaviour without a client library smoothing it over. Each reply is read as it
/// arrives, so a caller learns which recipients got their 250 even when the server dies halfway through.
/// </summary>
internal sealed class RawLmtpClient : IAsyncDisposable
{
    static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);
    readonly Socket _socket;
    readonly NetworkStream _stream;
    readonly byte[] _buffer = new byte[8192];
    int _start;
    int _end;

    RawLmtpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>Connects to a TCP or Unix-socket listener and reads the 220 greeting.</summary>
    public static async Task<RawLmtpClient> ConnectAsync(EndPoint endPoint)
    {
        var protocol = endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, protocol);
        try
        {
            await socket.ConnectAsync(endPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new RawLmtpClient(socket);
        var greeting = await client.ReadReplyAsync();
        if (greeting.Code != 220)
        {
            await client.DisposeAsync();
            throw new InvalidOperationException($"unexpected greeting: {greeting}");
        }

        return client;
    }

    /// <summary>Connects, then sends LHLO and expects 250.</summary>
    public static async Task<RawLmtpClient> ConnectAndGreetAsync(EndPoint endPoint)
    {
        var client = await ConnectAsync(endPoint);
        var lhlo = await client.CommandAsync("LHLO client.example.org");
        if (lhlo.Code != 250)
        {
            await client.DisposeAsync();
            throw new InvalidOperationException($"LHLO refused: {lhlo}");
        }

        return client;
    }

    /// <summary>Sends one command line (CRLF added) and reads its reply.</summary>
    public async Task<LmtpResponse> CommandAsync(string line)
    {
        await WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
        return await ReadReplyAsync();
    }

    /// <summary>
    /// A whole transaction: MAIL, one RCPT per recipient, then (if any was accepted) DATA and one
    /// reply per accepted recipient. Returns each recipient's final reply, in RCPT order.
    /// <paramref name="onReply"/>, if given, hears each accepted recipient's reply after DATA the moment it
    /// arrives (RFC 2033 section 4.2: one reply per recipient, in RCPT order).
    /// </summary>
    /// <exception cref="IOException">The connection broke; replies that arrived before were reported.</exception>
    public async Task<IReadOnlyList<LmtpResponse>> SendAsync(
        string sender, IReadOnlyList<string> recipients, byte[] message, Action<string, LmtpResponse>? onReply = null)
    {
        var mail = await CommandAsync(string.Create(CultureInfo.InvariantCulture, $"MAIL FROM:<{sender}> SIZE={message.Length}"));
        if (mail.Code != 250)
        {
            throw new InvalidOperationException($"MAIL refused: {mail}");
        }

        var replies = new LmtpResponse?[recipients.Count];
        var accepted = new List<int>();
        for (var i = 0; i < recipients.Count; i++)
        {
            var rcpt = await CommandAsync($"RCPT TO:<{recipients[i]}>");
            if (rcpt.Code == 250)
            {
                accepted.Add(i);
            }
            else
            {
                replies[i] = rcpt;
            }
        }

        if (accepted.Count == 0)
        {
            await CommandAsync("RSET");
            return [.. replies.Select(r => r!)];
        }

        await BeginDataAsync();
        await WriteAsync(DotStuff(message));
        foreach (var i in accepted)
        {
            replies[i] = await ReadReplyAsync();
            onReply?.Invoke(recipients[i], replies[i]!);
        }

        return [.. replies.Select(r => r!)];
    }

    /// <summary>DATA: expects 354, sends the dot-stuffed message and its end, reads <paramref name="replyCount"/> replies.</summary>
    public async Task<IReadOnlyList<LmtpResponse>> DataAsync(byte[] message, int replyCount)
    {
        await BeginDataAsync();
        await WriteAsync(DotStuff(message));
        var replies = new List<LmtpResponse>();
        for (var i = 0; i < replyCount; i++)
        {
            replies.Add(await ReadReplyAsync());
        }

        return replies;
    }

    /// <summary>Sends DATA and expects 354: the caller then writes the content itself.</summary>
    public async Task BeginDataAsync()
    {
        var start = await CommandAsync("DATA");
        if (start.Code != 354)
        {
            throw new InvalidOperationException($"DATA refused: {start}");
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        await _stream.WriteAsync(bytes, timeout.Token);
    }

    /// <summary>Reads one reply: lines "NNN-text" up to the final "NNN text" (RFC 5321 section 4.2.1).</summary>
    public async Task<LmtpResponse> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new EndOfStreamException($"connection closed after {string.Join(" / ", lines)}");
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new InvalidOperationException($"not a reply line: {line}");
            }

            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new LmtpResponse(code, lines);
            }
        }
    }

    /// <summary>Closes the connection: with a FIN when <paramref name="reset"/> is false, with an RST otherwise.</summary>
    public void Vanish(bool reset)
    {
        if (reset)
        {
            // SO_LINGER with timeout 0 makes close(2) abortive: the peer gets an RST.
            _socket.LingerState = new LingerOption(enable: true, seconds: 0);
            _socket.Close(timeout: 0);
        }
        else
        {
            _socket.Shutdown(SocketShutdown.Both);
            _socket.Close();
        }
    }

    /// <summary>
    /// The DATA section for <paramref name="message"/>: a "." at the start of any line is doubled
    /// (RFC 5321 section 4.5.2), and the message ends with CRLF "." CRLF, after a CRLF added when
    /// the message does not already end in a line end. Bare LF stays bare: the server must cope.
    /// </summary>
    public static byte[] DotStuff(byte[] message)
    {
        using var output = new MemoryStream(message.Length + message.Length / 64 + 8);
        var lineStart = true;
        foreach (var b in message)
        {
            if (lineStart && b == '.')
            {
                output.WriteByte((byte)'.');
            }

            output.WriteByte(b);
            lineStart = b == '\n';
        }

        if (!lineStart)
        {
            output.Write("\r\n"u8);
        }

        output.Write(".\r\n"u8);
        return output.ToArray();
    }

    async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidOperationException("reply line longer than 8 KiB");
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), timeout.Token);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
