// SPDX-License-Identifier: MIT
using System.Net.Sockets;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One IMAP connection to a running server on a raw socket, so the exact tagged replies (RFC 3501 section 7.1 response
/// codes) are seen. Commands are tagged "a", "a1", "a2"... in order; each call returns what the server said.
/// </summary>
internal sealed class RawImapClient : IDisposable
{
    readonly TcpClient _tcp;
    readonly StreamReader _reader;
    readonly StreamWriter _writer;
    readonly CancellationToken _cancellationToken;
    int _sent;
    string? _idleTag;

    RawImapClient(TcpClient tcp, CancellationToken cancellationToken)
    {
        _tcp = tcp;
        _cancellationToken = cancellationToken;
        // UTF-8 without a byte order mark: what a client that enabled UTF8=ACCEPT sends (RFC 9755), ASCII otherwise.
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        _reader = new StreamReader(tcp.GetStream(), utf8);
        _writer = new StreamWriter(tcp.GetStream(), utf8) { NewLine = "\r\n", AutoFlush = true };
    }

    /// <summary>Connects to the server's "imap" listener and reads the greeting.</summary>
    public static async Task<RawImapClient> ConnectAsync(LockboxServer server, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(server.Listeners["imap"], cancellationToken);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var imap = new RawImapClient(tcp, cancellationToken);
        await imap._reader.ReadLineAsync(cancellationToken);
        return imap;
    }

    /// <summary>A new connection's reply to <c>a LOGIN</c>, tag included ("a OK ...", "a NO [AUTHENTICATIONFAILED] ...").</summary>
    public static async Task<string> LoginReplyAsync(LockboxServer server, string address, string password, CancellationToken cancellationToken)
    {
        using var imap = await ConnectAsync(server, cancellationToken);
        return (await imap.RunAsync(Login(address, password))).Line;
    }

    /// <summary>A new connection, logged in.</summary>
    public static async Task<RawImapClient> LoginAsync(LockboxServer server, string address, string password, CancellationToken cancellationToken)
    {
        var imap = await ConnectAsync(server, cancellationToken);
        Assert.StartsWith("OK", await imap.TaggedAsync(Login(address, password)), StringComparison.Ordinal);
        return imap;
    }

    /// <summary>The tagged reply without its tag ("OK ...", "NO [UNAVAILABLE] ...").</summary>
    public async Task<string> TaggedAsync(string command)
    {
        var (_, tag, line) = await RunAsync(command);
        return line[(tag.Length + 1)..];
    }

    /// <summary>Everything before the tagged reply, which must be OK.</summary>
    public async Task<string> UntaggedAsync(string command)
    {
        var (untagged, tag, line) = await RunAsync(command);
        Assert.StartsWith(tag + " OK", line, StringComparison.Ordinal);
        return untagged;
    }

    /// <summary>Sends <paramref name="command"/> and returns its tag, without reading the answer (see <see cref="ReadLineAsync()"/>).</summary>
    public async Task<string> SendAsync(string command)
    {
        var tag = NextTag();
        await _writer.WriteLineAsync($"{tag} {command}".AsMemory(), _cancellationToken);
        return tag;
    }

    /// <summary>The server's next line; fails if it closed the connection.</summary>
    public Task<string> ReadLineAsync() => ReadLineAsync("the last command");

    /// <summary>Sends IDLE (RFC 2177) and reads up to the server's continuation ("+ idling").</summary>
    public async Task BeginIdleAsync()
    {
        var tag = NextTag();
        await _writer.WriteLineAsync($"{tag} IDLE".AsMemory(), _cancellationToken);
        var line = await ReadLineAsync("IDLE");
        Assert.StartsWith("+", line, StringComparison.Ordinal);
        _idleTag = tag;
    }

    /// <summary>Reads untagged lines while idling until one contains <paramref name="text"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForUntaggedAsync(string text, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!_cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no untagged line with \"{text}\" within {timeout}");
            }

            if ((line ?? throw new IOException("the server closed the connection while idling")).Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    /// <summary>Sends DONE and returns IDLE's tagged reply without its tag.</summary>
    public async Task<string> EndIdleAsync()
    {
        var tag = _idleTag ?? throw new InvalidOperationException("not idling");
        _idleTag = null;
        await _writer.WriteLineAsync("DONE".AsMemory(), _cancellationToken);
        while (true)
        {
            var line = await ReadLineAsync("DONE");
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return line[(tag.Length + 1)..];
            }
        }
    }

    static string Login(string address, string password) => $"LOGIN {address} \"{password}\"";

    string NextTag()
    {
        var tag = _sent == 0 ? "a" : "a" + _sent;
        _sent++;
        return tag;
    }

    async Task<string> ReadLineAsync(string after) =>
        await _reader.ReadLineAsync(_cancellationToken) ?? throw new IOException($"the server closed the connection after {after}");

    async Task<(string Untagged, string Tag, string Line)> RunAsync(string command)
    {
        var tag = NextTag();
        await _writer.WriteLineAsync($"{tag} {command}".AsMemory(), _cancellationToken);
        var untagged = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(_cancellationToken) ?? throw new IOException($"the server closed the connection after {command}: {untagged}");
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return (untagged.ToString(), tag, line);
            }

            untagged.Append(line).Append("\r\n");
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _reader.Dispose();
        _tcp.Dispose();
    }
}
