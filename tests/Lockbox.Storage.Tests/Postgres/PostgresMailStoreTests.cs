// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Lockbox.Storage.Postgres;

namespace Lockbox.Storage.Tests.Postgres;

/// <summary>The contract suite on PostgreSQL, and what is particular to it: several nodes writing at once.</summary>
public sealed class PostgresMailStoreTests : MailStoreContractTests
{
    PostgresTestDatabase? _database;

    PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override async Task<IMailStore> CreateStoreAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Ct);
        return new PostgresMailStore(_database.ConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_nodes_appending_to_one_mailbox_at_once_never_give_a_uid_twice_and_commit_in_uid_order()
    {
        const int PerNode = 150;
        var user = await Store.CreateUserAsync("nodes@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        // Two stores = two connection pools = two nodes (each sized as docs/decisions/0026 says: nodes x pool <= max_connections);
        // a third watches while they write.
        await using var nodeA = new PostgresMailStore(Database.ConnectionString + ";Maximum Pool Size=20");
        await using var nodeB = new PostgresMailStore(Database.ConnectionString + ";Maximum Pool Size=20");
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var gaps = new ConcurrentBag<string>();
        var watcher = Task.Run(async () =>
        {
            // RFC 3501 section 2.3.1.1: a client that saw UID n must never see a smaller new UID later. Commits in UID
            // order mean every listing is exactly 1..k.
            while (!writing.IsCancellationRequested)
            {
                var uids = (await Store.ListMessagesAsync(inbox.Id, CancellationToken.None)).Select(m => m.Uid).ToList();
                if (!uids.SequenceEqual(Enumerable.Range(1, uids.Count).Select(i => (long)i)))
                {
                    gaps.Add(string.Join(',', uids));
                }
            }
        }, CancellationToken.None);

        var appends = Enumerable.Range(0, PerNode).SelectMany(i => new[] { (Node: nodeA, I: i), (Node: nodeB, I: PerNode + i) })
            .Select(a => Task.Run(() => a.Node.AppendMessageAsync(inbox.Id, Message(a.I), Ct), Ct)).ToList();
        var records = await Task.WhenAll(appends);
        await writing.CancelAsync();
        await watcher;

        Assert.Equal(Enumerable.Range(1, 2 * PerNode).Select(i => (long)i), records.Select(r => r.Uid).Order());
        var stored = await Store.ListMessagesAsync(inbox.Id, Ct);
        Assert.Equal(2 * PerNode, stored.Count);
        // Row IDs are taken after the UID, under the same lock: ID order is UID order is MODSEQ order.
        var byId = stored.OrderBy(m => m.Id).ToList();
        Assert.True(byId.Zip(byId.Skip(1)).All(p => p.First.Uid < p.Second.Uid && p.First.ModSeq < p.Second.ModSeq));
        Assert.Equal(2 * PerNode + 1, (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!.UidNext);
        Assert.Empty(gaps);
    }

    [Fact]
    public async Task Audit_entries_appended_by_two_nodes_at_once_form_one_unbroken_chain()
    {
        await using var nodeA = new PostgresMailStore(Database.ConnectionString);
        await using var nodeB = new PostgresMailStore(Database.ConnectionString);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => (i % 2 == 0 ? nodeA : nodeB).AppendAuditAsync("audit@example.org", "test-event", $"entry {i}", Ct), Ct)));

        var entries = await Store.ListAuditAsync(null, Ct);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), entries.Select(e => e.Sequence));
        var previous = AuditChain.Genesis;
        foreach (var entry in entries)
        {
            Assert.Equal(previous, entry.PreviousHash);
            Assert.Equal(AuditChain.Hash(previous, entry.Sequence, entry.TimeUtc, entry.Address, entry.Event, entry.Detail), entry.Hash);
            previous = entry.Hash;
        }
    }

    [Fact]
    public async Task Keyword_changes_from_two_nodes_at_once_are_never_lost_and_each_gets_its_own_modseq()
    {
        const int Messages = 5;
        const int Changes = 40;
        var user = await Store.CreateUserAsync("flags@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        for (var i = 0; i < Messages; i++)
        {
            await Store.AppendMessageAsync(inbox.Id, Message(i), Ct);
        }

        var before = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!.HighestModSeq;
        await using var nodeA = new PostgresMailStore(Database.ConnectionString + ";Maximum Pool Size=10");
        await using var nodeB = new PostgresMailStore(Database.ConnectionString + ";Maximum Pool Size=10");

        // Each change reads a message's keywords and writes them back with one more: without serializable isolation
        // (and its retries) two nodes reading the same keywords would each drop the other's.
        var results = await Task.WhenAll(Enumerable.Range(0, Changes).Select(i => Task.Run(() =>
            (i % 2 == 0 ? nodeA : nodeB).UpdateFlagsAsync(inbox.Id, [(i % Messages) + 1], FlagOperation.Add, SystemFlags.None, [$"k{i}"], null, Ct), Ct)));

        Assert.Equal(Changes, results.Select(r => r.HighestModSeq).Distinct().Count());
        Assert.Equal(before + Changes, (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!.HighestModSeq);
        foreach (var message in await Store.ListMessagesAsync(inbox.Id, Ct))
        {
            var expected = Enumerable.Range(0, Changes).Where(i => (i % Messages) + 1 == message.Uid).Select(i => $"k{i}");
            Assert.Equal(expected.Order(StringComparer.Ordinal), message.Keywords.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Parameter_values_never_reach_the_server_log_even_when_a_statement_fails()
    {
        var log = Path.Combine(PostgresTestDirectory, "postgres.log");
        var canary = "CANARY-" + Guid.NewGuid().ToString("N");
        var user = await Store.CreateUserAsync($"{canary}@example.org", EncryptionState.Encrypted, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var bytes = Encoding.ASCII.GetBytes(canary);
        await Store.AppendMessageAsync(inbox.Id, new NewMessage(new string('c', 32), 10, true, bytes, SystemFlags.None, DateTime.UtcNow) { SearchDocument = bytes }, Ct);
        await Store.CreateMailboxAsync(user.Id, canary, null, Ct);
        // A failing statement: log_min_error_statement logs it, and without the settings also its parameters and the DETAIL
        // quoting the row ("Key (user_id, name)=(..., CANARY-...) already exists").
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateMailboxAsync(user.Id, canary, null, Ct));

        var text = await ReadSharedAsync(log);
        // Control: the server logs every statement (log_statement=all), so the log would show values if it showed any.
        Assert.Contains("INSERT INTO messages", text, StringComparison.Ordinal);
        Assert.Contains("duplicate key value violates unique constraint", text, StringComparison.Ordinal);
        Assert.DoesNotContain(canary, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_connection_string_may_not_ask_for_error_details()
    {
        Assert.Throws<ArgumentException>(() => new PostgresMailStore(Database.ConnectionString + ";Include Error Detail=true"));
        await Task.CompletedTask;
    }

    /// <summary>The directory scripts/postgres-test-server.sh was given: data/ and postgres.log.</summary>
    static string PostgresTestDirectory
    {
        get
        {
            _ = PostgresTestDatabase.ServerConnectionString;
            return Environment.GetEnvironmentVariable(PostgresTestDatabase.DirectoryVariable)
                ?? throw new InvalidOperationException($"{PostgresTestDatabase.DirectoryVariable} is not set: the log and data scans need the server's directory");
        }
    }

    static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }

    static NewMessage Message(int i) =>
        new(i.ToString("x32", CultureInfo.InvariantCulture), 100, false, [1, 2, 3], SystemFlags.None, DateTime.UtcNow);
}
