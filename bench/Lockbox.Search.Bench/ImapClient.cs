// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>A raw IMAP client that times one command from sending it to its tagged response.</summary>
internal sealed class ImapClient : IDisposable
{
    readonly TcpClient _tcp;
    readonly StreamReader _reader;
    readonly StreamWriter _writer;
    int _tag;

    ImapClient(TcpClient tcp)
    {
        _tcp = tcp;
        var stream = tcp.GetStream();
        _reader = new StreamReader(stream, Encoding.UTF8);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
    }

    public static async Task<ImapClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var client = new ImapClient(tcp);
        await client._reader.ReadLineAsync();
        return client;
    }

    /// <summary>Milliseconds from sending <paramref name="command"/> to its tagged OK; throws on anything else.</summary>
    public async Task<double> TimeAsync(string command)
    {
        var tag = "b" + ++_tag;
        var started = Stopwatch.GetTimestamp();
        await _writer.WriteLineAsync(tag + " " + command);
        while (await _reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                return line.StartsWith(tag + " OK", StringComparison.Ordinal) ? elapsed : throw new InvalidOperationException(line);
            }
        }

        throw new IOException("connection closed");
    }

    public async Task<double> MedianAsync(string command)
    {
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            times.Add(await TimeAsync(command));
        }

        return times.Order().ElementAt(2);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
        _tcp.Dispose();
    }
}
