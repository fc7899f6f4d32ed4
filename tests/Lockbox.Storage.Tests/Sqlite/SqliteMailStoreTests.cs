// SPDX-License-Identifier: MIT
using Lockbox.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Lockbox.Storage.Tests.Sqlite;

public sealed class SqliteMailStoreTests : MailStoreContractTests
{
    readonly TempDirectory _directory = new();

    string DatabasePath => Path.Combine(_directory.Path, "lockbox.db");

    protected override Task<IMailStore> CreateStoreAsync() => Task.FromResult<IMailStore>(new SqliteMailStore(DatabasePath));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Database_uses_wal()
    {
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Deleted_rows_leave_no_trace_in_the_database_files_after_a_checkpoint()
    {
        // secure_delete zeroes freed pages; the WAL keeps old frames until a checkpoint (DESIGN.md section 3).
        var canary = System.Text.Encoding.ASCII.GetBytes("CANARY-" + Guid.NewGuid().ToString("N"));
        var user = await Store.CreateUserAsync("henry@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        await Store.AppendMessageAsync(inbox.Id, new NewMessage(new string('a', 32), 1, false, canary, SystemFlags.None, DateTime.UtcNow), Ct);
        Assert.True(ContainsInFiles(canary), "control: the canary must be on disk before the delete");

        await Store.DeleteUserAsync(user.Id, Ct);
        await Store.DisposeAsync();
        await ScalarAsync("PRAGMA wal_checkpoint(TRUNCATE);");

        Assert.False(ContainsInFiles(canary));
    }

    [Fact]
    public async Task Appends_waiting_on_a_busy_writer_commit_together()
    {
        var user = await Store.CreateUserAsync("jack@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        await ScalarAsync("PRAGMA wal_checkpoint(TRUNCATE);");

        // Another connection holds the write lock, so the appends queue up behind the first one.
        await using (var blocker = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await blocker.OpenAsync(Ct);
            await using var transaction = blocker.BeginTransaction(deferred: false);
            var appends = Enumerable.Range(0, 20).Select(i => Store.AppendMessageAsync(inbox.Id, Message(i), Ct)).ToList();
            await Task.Delay(300, Ct);
            Assert.DoesNotContain(appends, a => a.IsCompleted);
            transaction.Rollback();
            await blocker.CloseAsync();
            await Task.WhenAll(appends);
        }

        // One commit per row writes the mailbox, message and index pages again each time (>= 3 frames
        // a row); two commits (the first row, then the other 19) write far fewer.
        var walFrames = long.Parse((await ScalarAsync("PRAGMA wal_checkpoint(PASSIVE);", column: 1))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(walFrames, 1, 20);
        Assert.Equal(20, (await Store.ListMessagesAsync(inbox.Id, Ct)).Count);
    }

    [Fact]
    public async Task Appended_rows_are_in_the_database_when_their_tasks_complete()
    {
        var user = await Store.CreateUserAsync("kate@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Store.AppendMessageAsync(inbox.Id, Message(i), Ct)));

        // A separate, unpooled connection sees them: they are committed, not buffered in the writer.
        Assert.Equal("10", await ScalarAsync($"SELECT count(*) FROM messages WHERE mailbox_id = {inbox.Id};"));
    }

    [Fact]
    public async Task An_append_cancelled_before_its_batch_stores_nothing()
    {
        var user = await Store.CreateUserAsync("liam@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.AppendMessageAsync(inbox.Id, Message(1), new CancellationToken(canceled: true)));

        Assert.Empty(await Store.ListMessagesAsync(inbox.Id, Ct));
    }

    [Fact]
    public async Task An_append_after_the_store_closed_is_a_temporary_failure()
    {
        var user = await Store.CreateUserAsync("mia@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        await Store.DisposeAsync();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => Store.AppendMessageAsync(inbox.Id, Message(1), Ct));
    }

    static NewMessage Message(int i) =>
        new(i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), 100, false, [1, 2, 3], SystemFlags.None, DateTime.UtcNow);

    [Fact]
    public async Task A_file_that_is_not_a_database_makes_the_store_unavailable_not_a_crash()
    {
        var path = Path.Combine(_directory.Path, "garbage.db");
        await File.WriteAllBytesAsync(path, System.Text.Encoding.ASCII.GetBytes(new string('#', 8192)), Ct);
        await using var store = new SqliteMailStore(path);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetSchemaVersionAsync(Ct));
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<string?> ScalarAsync(string sql, int column = 0)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        return await reader.ReadAsync(Ct) ? reader.GetValue(column).ToString() : null;
    }

    bool ContainsInFiles(byte[] needle) =>
        Directory.EnumerateFiles(_directory.Path).Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
}
