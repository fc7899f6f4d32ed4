// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Lockbox.Vault.Tests.Sending;

/// <summary>
/// A minimal SMTP server (RFC 5321) on a loopback port: EHLO, MAIL, RCPT, DATA with dot-unstuffing (section 4.5.2), RSET,
/// NOOP, QUIT; no TLS, no AUTH. It records every message it accepts, envelope and bytes as received. A recipient whose
/// local part is "refused" gets 550, as a relay rejects an unknown user. <see cref="BeforeAccepting"/> runs a test's fault
/// between a message's data and the 250 for it.
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly Channel<SinkMessage> _received = Channel.CreateUnbounded<SinkMessage>();
    readonly Task _accepting;

    public SmtpSink()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The next message accepted, waiting up to ten seconds.</summary>
    public async Task<SinkMessage> NextAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Whether a message was accepted and not taken yet.</summary>
    public bool HasMessage => _received.Reader.TryPeek(out _);

    /// <summary>Run once a message's data has arrived and before the sink answers 250 for it: a fault at that moment.</summary>
    public Func<Task>? BeforeAccepting { get; set; }

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            string? from = null;
            var recipients = new List<string>();
            await WriteAsync(stream, "220 sink.test ESMTP");
            while (await ReadLineAsync(stream) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await WriteAsync(stream, "250-sink.test\r\n250 8BITMIME");
                        break;
                    case "MAIL":
                        from = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                        recipients.Clear();
                        await WriteAsync(stream, "250 2.1.0 ok");
                        break;
                    case "RCPT":
                        var to = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>');
                        if (to.StartsWith("refused@", StringComparison.OrdinalIgnoreCase))
                        {
                            await WriteAsync(stream, "550 5.1.1 no such user here");
                            break;
                        }

                        recipients.Add(to);
                        await WriteAsync(stream, "250 2.1.5 ok");
                        break;
                    case "DATA":
                        await WriteAsync(stream, "354 go ahead");
                        var data = await ReadDataAsync(stream);
                        _received.Writer.TryWrite(new SinkMessage(from ?? "", [.. recipients], data));
                        if (BeforeAccepting is { } action)
                        {
                            await action();
                        }

                        await WriteAsync(stream, "250 2.0.0 queued");
                        break;
                    case "QUIT":
                        await WriteAsync(stream, "221 bye");
                        return;
                    default:
                        await WriteAsync(stream, verb is "RSET" or "NOOP" ? "250 ok" : "502 5.5.1 not here");
                        break;
                }
            }
        }
    }

    /// <summary>Lines up to "." alone, with a leading dot removed from the others (RFC 5321 section 4.5.2); CRLF kept.</summary>
    static async Task<byte[]> ReadDataAsync(NetworkStream stream)
    {
        var data = new MemoryStream();
        while (await ReadRawLineAsync(stream) is { } line)
        {
            if (line.Length == 3 && line[0] == '.')
            {
                break;
            }

            var start = line.Length > 0 && line[0] == '.' ? 1 : 0;
            data.Write(line, start, line.Length - start);
        }

        return data.ToArray();
    }

    static async Task<string?> ReadLineAsync(NetworkStream stream) =>
        await ReadRawLineAsync(stream) is { } raw ? Encoding.ASCII.GetString(raw).TrimEnd('\r', '\n') : null;

    /// <summary>One line with its CRLF, or null at the end of the stream. Byte by byte: a test sink, not a fast one.</summary>
    static async Task<byte[]?> ReadRawLineAsync(NetworkStream stream)
    {
        var line = new MemoryStream();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            line.WriteByte(one[0]);
            if (one[0] == '\n')
            {
                return line.ToArray();
            }
        }

        return null;
    }

    static async Task WriteAsync(NetworkStream stream, string reply) => await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
