// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.Vault.Tests.Recovery;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 7 item 3 (docs/decisions/0029): two <c>lockbox serve</c> nodes on one PostgreSQL database, each with its own
/// data directory and one shared blob directory. Deliveries through both at once end as one mailbox with unique,
/// increasing UIDs and every message byte for byte; an IDLE session on one node hears the other node's changes through
/// LISTEN/NOTIFY; a node killed mid-stream loses nothing it acknowledged, and its restart removes no blob in use.
/// </summary>
public sealed class SeveralNodesTests
{
    const string User = "nodes@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_nodes_deliver_2000_messages_into_one_mailbox_and_an_idle_client_on_one_hears_the_other_within_a_second()
    {
        await using var nodes = await PostgresNodes.CreateAsync(Ct);
        await nodes.AddUserAsync(User, Password, encrypt: true);
        var (a, b) = await nodes.StartBothAsync();

        // Message i goes through node i % 2; four LMTP connections per node, eight at once.
        const int Count = 2000;
        const int Connections = 8;
        var sent = Enumerable.Range(0, Count).Select(i => NodeMessage.Create($"m{i:D5}", User)).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async worker =>
        {
            await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync((worker % 2 == 0 ? a : b).Lmtp);
            for (var i = worker; i < Count; i += Connections)
            {
                var reply = Assert.Single(await lmtp.SendAsync(NodeMessage.Sender, [User], sent[i].Bytes));
                Assert.True(reply.Code == 250, $"{sent[i].Id}: {reply}");
            }
        }));
        var delivering = clock.Elapsed;

        clock.Restart();
        var read = await NodeMessage.ReadInboxAsync(b.Listeners["imap"], User, Password, Ct);
        var reading = clock.Elapsed;
        Assert.Equal(Count, read.Count);
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Uid.Id < p.Second.Uid.Id), "UIDs are not strictly increasing in sequence order");
        var byId = read.ToDictionary(r => r.Id, r => r.Hash, StringComparer.Ordinal);
        Assert.Equal(Count, byId.Count);
        Assert.All(sent, m => Assert.True(byId.TryGetValue(m.Id, out var hash) && hash == m.StoredHash, $"{m.Id} is missing or differs"));

        var (exists, flags) = await IdleOnBForChangesThroughAAsync(a, b);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"delivered {Count} in {delivering.TotalSeconds:F1} s ({Count / delivering.TotalSeconds:F0} msg/s) through 2 nodes x 4 connections; " +
            $"read back from B in {reading.TotalSeconds:F1} s; IDLE on B: EXISTS {exists.TotalMilliseconds:F0} ms after A's 250, FETCH FLAGS {flags.TotalMilliseconds:F0} ms after A's STORE completed");
        Assert.True(exists < TimeSpan.FromSeconds(1), $"EXISTS reached B's IDLE client {exists.TotalMilliseconds:F0} ms after A acknowledged");
        Assert.True(flags < TimeSpan.FromSeconds(1), $"the flag change reached B's IDLE client {flags.TotalMilliseconds:F0} ms after A's STORE completed");
    }

    [Fact]
    public async Task A_node_killed_mid_stream_loses_no_acknowledged_message_the_other_keeps_serving_and_the_restart_keeps_every_blob_in_use()
    {
        await using var nodes = await PostgresNodes.CreateAsync(Ct);
        await nodes.AddUserAsync(User, Password, encrypt: true);
        var (a, b) = await nodes.StartBothAsync();

        var acknowledged = new ConcurrentDictionary<string, NodeMessage>(StringComparer.Ordinal);
        var sentThroughBAfterKill = 0;
        var killed = false;
        using var stopB = new CancellationTokenSource();
        async Task<Exception?> DeliverAsync(LockboxServer node, string prefix, bool isA)
        {
            await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(node.Lmtp);
            for (var i = 0; isA || !stopB.IsCancellationRequested; i++)
            {
                var message = NodeMessage.Create($"{prefix}-{i:D5}", User);
                var afterKill = Volatile.Read(ref killed);
                try
                {
                    var reply = Assert.Single(await lmtp.SendAsync(NodeMessage.Sender, [User], message.Bytes));
                    Assert.True(reply.Code == 250, $"{message.Id}: {reply}");
                }
                catch (Exception e) when (isA && Volatile.Read(ref killed) && e is IOException or SocketException or InvalidOperationException)
                {
                    return e;
                }

                acknowledged[message.Id] = message;
                if (!isA && afterKill)
                {
                    Interlocked.Increment(ref sentThroughBAfterKill);
                }
            }

            return null;
        }

        var onA = new[] { DeliverAsync(a, "a0", isA: true), DeliverAsync(a, "a1", isA: true) };
        var onB = new[] { DeliverAsync(b, "b0", isA: false), DeliverAsync(b, "b1", isA: false) };
        await WaitUntilAsync(() => acknowledged.Count >= 150);
        Volatile.Write(ref killed, true);
        await a.CrashAsync();
        // Every connection to A breaks; B goes on accepting (each of its replies is asserted to be 250).
        Assert.All(await Task.WhenAll(onA), e => Assert.NotNull(e));
        await WaitUntilAsync(() => Volatile.Read(ref sentThroughBAfterKill) >= 100);

        // A restarts while B delivers. Its startup check must leave every blob a row names, and a blob another node has
        // made durable but not yet indexed (young, unreferenced); only a leftover older than the grace goes.
        var fresh = PlantedLeftover.Blob(nodes.BlobDirectory, TimeSpan.Zero, prefix: "aa");
        var stale = PlantedLeftover.Blob(nodes.BlobDirectory, TimeSpan.FromHours(2), prefix: "bb");
        var restarted = await nodes.StartAsync("a");
        stopB.Cancel();
        Assert.All(await Task.WhenAll(onB), e => Assert.Null(e));
        Assert.True(File.Exists(fresh), "the restart's startup check removed a young unreferenced blob (another node's delivery in flight)");
        Assert.False(File.Exists(stale), "the restart's startup check left a crash leftover older than the grace");

        // Read from the restarted A and from B: every acknowledged message once, byte for byte, UIDs increasing.
        foreach (var node in new[] { b, restarted })
        {
            var read = await NodeMessage.ReadInboxAsync(node.Listeners["imap"], User, Password, Ct);
            Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Uid.Id < p.Second.Uid.Id), "UIDs are not strictly increasing");
            Assert.Equal(read.Count, read.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
            var byId = read.ToDictionary(r => r.Id, r => r.Hash, StringComparer.Ordinal);
            Assert.All(acknowledged.Values, m => Assert.True(byId.TryGetValue(m.Id, out var hash) && hash == m.StoredHash, $"{m.Id} was acknowledged but is missing or differs"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} acknowledged, {sentThroughBAfterKill} of them through B after A was killed");
    }

    /// <summary>
    /// An IDLE client on B; a delivery through A, then a flag change through A. Returns how long after A's reply (LMTP
    /// 250, STORE's OK) each reached the idle client (zero when it arrived before the reply was read).
    /// </summary>
    static async Task<(TimeSpan Exists, TimeSpan Flags)> IdleOnBForChangesThroughAAsync(LockboxServer a, LockboxServer b)
    {
        using var idler = new ImapClient();
        await ConnectAsync(idler, b.Listeners["imap"]);
        await idler.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        var existsAt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flagsAt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        idler.Inbox.CountChanged += (_, _) => existsAt.TrySetResult(Stopwatch.GetTimestamp());
        idler.Inbox.MessageFlagsChanged += (_, _) => flagsAt.TrySetResult(Stopwatch.GetTimestamp());
        using var writer = new ImapClient();
        await ConnectAsync(writer, a.Listeners["imap"]);
        await writer.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);

        using var done = new CancellationTokenSource();
        var idling = idler.IdleAsync(done.Token, Ct);
        // IDLE's continuation request must have reached the client before the change is made.
        await Task.Delay(500, Ct);
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(a.Lmtp))
        {
            var message = NodeMessage.Create("idle", User);
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync(NodeMessage.Sender, [User], message.Bytes)).Code);
        }

        var acknowledged = Stopwatch.GetTimestamp();
        var exists = Stopwatch.GetElapsedTime(acknowledged, await existsAt.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));

        await writer.Inbox.AddFlagsAsync(new UniqueId(1), MessageFlags.Flagged, silent: true, Ct);
        var stored = Stopwatch.GetTimestamp();
        var flags = Stopwatch.GetElapsedTime(stored, await flagsAt.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));

        await done.CancelAsync();
        await idling;
        await writer.DisconnectAsync(quit: true, Ct);
        await idler.DisconnectAsync(quit: true, Ct);
        return (exists < TimeSpan.Zero ? TimeSpan.Zero : exists, flags < TimeSpan.Zero ? TimeSpan.Zero : flags);
    }

    static async Task ConnectAsync(ImapClient client, IPEndPoint imap)
    {
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(User, Password, Ct);
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "timed out");
            await Task.Delay(20, Ct);
        }
    }
}
