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
    public async Task A_file_that_is_not_a_database_makes_the_store_unavailable_not_a_crash()
    {
        var path = Path.Combine(_directory.Path, "garbage.db");
        await File.WriteAllBytesAsync(path, System.Text.Encoding.ASCII.GetBytes(new string('#', 8192)), Ct);
        await using var store = new SqliteMailStore(path);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetSchemaVersionAsync(Ct));
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync(Ct))?.ToString();
    }

    bool ContainsInFiles(byte[] needle) =>
        Directory.EnumerateFiles(_directory.Path).Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
}
