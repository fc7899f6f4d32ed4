// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// A TCP proxy in front of PostgreSQL that, once armed, cuts the connection that sends the next <c>COMMIT</c>: the
/// message reaches the server, which commits, but the client never reads the reply. The client cannot tell a commit
/// that happened from one that did not (the "commit outcome unknown" case of a lost connection).
/// </summary>
internal sealed class CommitDroppingProxy : IAsyncDisposable
{
    /// <summary>The simple-query text of a commit with its terminator: "BEGIN ... READ COMMITTED" must not match.</summary>
    static readonly byte[] Commit = Encoding.ASCII.GetBytes("COMMIT\0");
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly IPEndPoint _server;
    readonly CancellationTokenSource _stop = new();
    readonly Task _accepting;
    int _armed;

    public CommitDroppingProxy(IPEndPoint server)
    {
        _server = server;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections were cut.</summary>
    public int Dropped { get; private set; }

    /// <summary>The next COMMIT to pass is delivered, then its connection is cut before the server's reply.</summary>
    public void ArmOnce() => Interlocked.Exchange(ref _armed, 1);

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    async Task RelayAsync(Socket client)
    {
        using var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                await server.ConnectAsync(_server);
                using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var muted = new StrongBox<bool>();
                var up = PumpAsync(client, server, muted, watch: true, cut);
                var down = PumpAsync(server, client, muted, watch: false, cut);
                await Task.WhenAny(up, down);
                await cut.CancelAsync();
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // A side went away: the relay ends with it.
            }
        }
    }

    /// <summary>
    /// Relays one direction. Client to server (<paramref name="watch"/>): an armed COMMIT mutes the server's replies first,
    /// then goes through, and the client's connection is cut once the server had time to commit.
    /// </summary>
    async Task PumpAsync(Socket from, Socket to, StrongBox<bool> muted, bool watch, CancellationTokenSource cut)
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, cut.Token);
                if (read == 0)
                {
                    return;
                }

                if (Volatile.Read(ref muted.Value))
                {
                    return;
                }

                var cutting = watch && buffer.AsSpan(0, read).IndexOf(Commit) >= 0 && Interlocked.Exchange(ref _armed, 0) == 1;
                if (cutting)
                {
                    Volatile.Write(ref muted.Value, true);
                }

                await to.SendAsync(buffer.AsMemory(0, read), cut.Token);
                if (cutting)
                {
                    // Time for the server to commit, then the cut: an RST to the client, which is waiting for the reply.
                    Dropped++;
                    await Task.Delay(300, CancellationToken.None);
                    from.LingerState = new LingerOption(enable: true, seconds: 0);
                    from.Close(timeout: 0);
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The other direction ended the relay.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
