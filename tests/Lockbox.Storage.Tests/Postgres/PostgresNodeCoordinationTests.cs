// SPDX-License-Identifier: MIT
using System.Threading.Channels;
using Lockbox.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lockbox.Storage.Tests.Postgres;

/// <summary>
/// docs/decisions/0029 on a real PostgreSQL: schema v12's trigger notifies a listener of every committed change to a
/// mailbox, a lost listener connection comes back and reports "anything may have changed", and an advisory lock held by
/// one node is refused to another until released.
/// </summary>
public sealed class PostgresNodeCoordinationTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_committed_append_reaches_the_listener_with_its_mailbox_id_and_a_lost_connection_comes_back_reporting_everything()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await using var store = new PostgresMailStore(database.ConnectionString);
        await store.MigrateAsync(Ct);
        var user = await store.CreateUserAsync("feed@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var listener = new PostgresChangeListener(database.ConnectionString, NullLogger.Instance);
        var signals = Channel.CreateUnbounded<long?>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = listener.RunAsync(m => signals.Writer.TryWrite(m), stop.Token);

        Assert.Null(await NextAsync(signals, _ => true));
        await store.AppendMessageAsync(inbox.Id, new NewMessage(new string('a', 32), 100, false, [1, 2, 3], SystemFlags.None, DateTime.UtcNow), Ct);
        // Other tests write to other schemas of the same database, whose triggers notify the same channel: wait for ours.
        Assert.Equal(inbox.Id, await NextAsync(signals, m => m == inbox.Id));

        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString()))
        {
            await admin.OpenAsync(Ct);
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'lockbox change listener' AND datname = current_database();", admin);
            Assert.True((long)(await terminate.ExecuteScalarAsync(Ct))! >= 1);
        }

        Assert.Null(await NextAsync(signals, m => m is null));
        await store.AppendMessageAsync(inbox.Id, new NewMessage(new string('b', 32), 100, false, [1, 2, 3], SystemFlags.None, DateTime.UtcNow), Ct);
        Assert.Equal(inbox.Id, await NextAsync(signals, m => m == inbox.Id));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task An_advisory_lock_one_node_holds_is_refused_to_another_until_released()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var nodeA = new PostgresNodeLocks(database.ConnectionString);
        var nodeB = new PostgresNodeLocks(database.ConnectionString);
        var key = Random.Shared.NextInt64();

        var held = await nodeA.TryAcquireAsync(key, Ct);
        Assert.NotNull(held);
        Assert.Null(await nodeB.TryAcquireAsync(key, Ct));
        Assert.Null(await nodeA.TryAcquireAsync(key, Ct));
        await held.DisposeAsync();

        // Released means free at once: the other node gets it the moment the holder lets go, every time (the close alone
        // frees it only when the server's backend has ended, which lost this race now and then).
        for (var round = 0; round < 50; round++)
        {
            var taken = await (round % 2 == 0 ? nodeB : nodeA).TryAcquireAsync(key, Ct);
            Assert.True(taken is not null, $"refused in round {round}, just after the release");
            await taken.DisposeAsync();
        }
    }

    static async Task<long?> NextAsync(Channel<long?> signals, Func<long?, bool> wanted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var signal = await signals.Reader.ReadAsync(timeout.Token);
            if (wanted(signal))
            {
                return signal;
            }
        }
    }
}
