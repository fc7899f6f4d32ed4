// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.Storage;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 8, item 3, SQLite busy (docs/decisions/0035): another process holds the database's write lock while four LMTP
/// connections deliver. The store waits for the lock up to its busy timeout (<c>Store:BusyTimeout</c>, 3 s here, 30 s by
/// default), then the group commit (AppendBatcher) fails its whole batch: every waiting delivery gets 4xx, none gets 250
/// while the lock is held.
/// Once the lock is released the deliveries queued behind go through, and every message acknowledged reads back
/// byte for byte, with nothing else in the mailbox.
/// </summary>
public sealed class SqliteBusyTests(ITestOutputHelper output)
{
    const string User = "alice@fault.example";
    const string Password = "sqlite busy password";
    const int Connections = 4;
    static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(3);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deliveries_wait_for_a_held_write_lock_then_get_4xx_and_go_through_once_it_is_released_losing_nothing()
    {
        var clock = Stopwatch.StartNew();
        using var work = new TempDirectory();
        var data = work.Combine("data");
        (await LockboxCli.RunAsync(Password + "\n", "user", "add", User, "--data", data, "--password-stdin", "--encrypt")).EnsureSuccess();
        await using var server = await LockboxServer.StartAsync(data, new Dictionary<string, string> { ["LOCKBOX__Store__BusyTimeout"] = BusyTimeout.ToString() });
        var acknowledged = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            var message = FaultMail.Create("before", User, 2000);
            Assert.Equal(250, (await FaultMail.DeliverAsync(lmtp, User, message)).Code);
            acknowledged["before"] = message;
        }

        var replies = new ConcurrentBag<(string Id, TimeSpan At, LmtpResponse Reply)>();
        var released = TimeSpan.MaxValue;
        var firstDeferred = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TimeSpan lockedAt;
        await using (var writeLock = await SqliteWriteLock.TakeAsync(Path.Combine(data, "lockbox.db")))
        {
            lockedAt = clock.Elapsed;
            var clients = Enumerable.Range(0, Connections).Select(c => DeliverUntilStoppedAsync(server, $"c{c}", clock, replies, acknowledged, firstDeferred, stop)).ToArray();
            // The lock is held past the busy timeout: the first 4xx is the batch that gave up; the rows queued behind it
            // must then be stored as soon as the lock goes.
            await firstDeferred.Task.WaitAsync(TimeSpan.FromSeconds(90), Ct);
            // Taken before the release: a commit can follow the ROLLBACK before python3 has said so.
            released = clock.Elapsed;
            await writeLock.ReleaseAsync();
            output.WriteLine($"lock held from {lockedAt.TotalSeconds:F1} s to {released.TotalSeconds:F1} s");
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            stop.SetResult();
            await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        }

        foreach (var (id, at, reply) in replies.OrderBy(r => r.At))
        {
            output.WriteLine($"{at.TotalSeconds,6:F1} s {id}: {reply}");
        }

        // Control: nothing was stored while the lock was held, so the lock was real and the 250s mean the commits.
        Assert.DoesNotContain(replies, r => r.Reply.Code == 250 && r.At < released);
        var deferred = replies.Where(r => r.Reply.Code != 250).ToList();
        Assert.NotEmpty(deferred);
        Assert.All(deferred, r => Assert.True(r.Reply.Code is >= 400 and < 500 && r.Reply.Text.StartsWith("4.", StringComparison.Ordinal), r.Reply.ToString()));
        // The busy timeout is what answered: no delivery was refused before it ran out.
        Assert.All(deferred, r => Assert.True(r.At - lockedAt > BusyTimeout * 0.8, $"{r.Id} deferred after {(r.At - lockedAt).TotalSeconds:F1} s"));
        // ... and it was the configured one, not the default 30 s.
        var firstDeferral = deferred.Min(r => r.At) - lockedAt;
        Assert.True(firstDeferral < StoreOptions.DefaultBusyTimeout / 2, $"first deferral after {firstDeferral.TotalSeconds:F1} s");
        Assert.Contains(replies, r => r.Reply.Code == 250 && r.At >= released);

        await FaultMail.AssertInboxHoldsExactlyAsync(server.Listeners["imap"], User, Password, acknowledged, new Dictionary<string, byte[]>(), Ct);
        Assert.Equal(0, await server.StopAsync());
        Assert.Empty(new StoreInspector(data).TempFiles());
        output.WriteLine($"{acknowledged.Count} messages acknowledged and intact, {deferred.Count} deferred; {clock.Elapsed.TotalSeconds:F1} s");
    }

    static async Task DeliverUntilStoppedAsync(
        LockboxServer server,
        string prefix,
        Stopwatch clock,
        ConcurrentBag<(string, TimeSpan, LmtpResponse)> replies,
        ConcurrentDictionary<string, byte[]> acknowledged,
        TaskCompletionSource firstDeferred,
        TaskCompletionSource stop)
    {
        await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        for (var sequence = 0; !stop.Task.IsCompleted; sequence++)
        {
            var reply = await FaultMail.DeliverAndRecordAsync(lmtp, User, $"{prefix}.{sequence}", clock, replies, acknowledged);
            if (reply.Code != 250)
            {
                firstDeferred.TrySetResult();
            }
        }
    }
}
