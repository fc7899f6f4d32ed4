// SPDX-License-Identifier: MIT
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>
/// The one implementation of <see cref="IMailStore"/>, on System.Data.Common (docs/decisions/0028): every contract method
/// is written once here, in the SqlMailStore.*.cs files split by area, with SQL both engines accept (<c>@name</c>
/// placeholders, <c>INSERT ... ON CONFLICT</c>, parameters typed by <see cref="System.Data.DbType"/>). What truly differs
/// between the engines is the dialect each subclass supplies: how a connection opens and a write transaction runs, the
/// append path, "id in a list", a few expressions, error translation, migrations and maintenance
/// (<see cref="Sqlite.SqliteMailStore"/>, <see cref="Postgres.PostgresMailStore"/>).
/// </summary>
public abstract partial class SqlMailStore : IMailStore
{
    private protected SqlMailStore()
    {
    }

    /// <summary>How often a write runs from the start after <see cref="IsRetryable"/> said it lost to a concurrent one.</summary>
    private protected virtual int WriteAttempts => 1;

    /// <summary>The SQL expression that gives a new mailbox's UIDVALIDITY from the <c>meta</c> row's <c>value</c>: the
    /// larger of one more than the last and the current Unix time (the engines spell "larger of" and "now" differently).</summary>
    private protected abstract string NextUidValidity { get; }

    /// <summary>An empty binary literal (a listing that leaves the metadata column out, but keeps the record's shape).</summary>
    private protected abstract string EmptyBinary { get; }

    /// <summary>The condition that <c>users.address</c> equals <c>@address</c> ignoring ASCII case.</summary>
    private protected abstract string AddressMatches { get; }

    /// <summary>The ORDER BY list that sorts users by address ignoring ASCII case.</summary>
    private protected abstract string AddressOrder { get; }

    public abstract Task MigrateAsync(CancellationToken cancellationToken);

    public abstract Task<MessageRecord> AppendMessageAsync(long mailboxId, NewMessage message, CancellationToken cancellationToken);

    /// <summary>Frees (and where the engine can, zeroes) the space of deleted rows; false when readers kept it from finishing.</summary>
    public abstract Task<bool> CompactAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) =>
        ReadAsync("read the schema version", connection => GetSchemaVersionAsync(connection, null, cancellationToken), cancellationToken);

    /// <summary>Opens a pooled connection ready for statements, translating engine errors.</summary>
    private protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins the engine's write transaction: one that behaves as if all writers took turns.</summary>
    private protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Whether the write lost to a concurrent one and running it again from the start is correct.</summary>
    private protected virtual bool IsRetryable(DbException e) => false;

    /// <summary>The store contract's exception for an engine error (the message names <paramref name="what"/>, never a value).</summary>
    private protected abstract Exception Translate(DbException e, string what);

    /// <summary>
    /// Binds <paramref name="ids"/> to <paramref name="command"/> as one parameter named <paramref name="name"/> and returns
    /// the condition that follows a column to test membership (no parameter limit, one statement for any number).
    /// </summary>
    private protected abstract string IdIn(DbCommand command, string name, IEnumerable<long> ids);

    /// <summary>Runs after escrow copies were deleted, so that the deleted rows leave the engine's files (docs/decisions/0019).</summary>
    private protected abstract Task PurgeDeletedEscrowCopiesAsync(CancellationToken cancellationToken);

    private protected static async Task<int> GetSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT coalesce(max(version), 0) FROM schema_migrations;", transaction);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Notes in <c>schema_migrations</c>, inside the step's transaction, that schema step <paramref name="version"/> ran.</summary>
    private protected static async Task RecordMigrationAsync(DbConnection connection, DbTransaction transaction, int version, CancellationToken cancellationToken)
    {
        await using var record = Command(connection, "INSERT INTO schema_migrations (version, applied_utc) VALUES (@v, @t);", transaction);
        record.Add("@v", version);
        record.Add("@t", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    private protected static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private protected static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        await using var command = Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (<see cref="BeginWriteAsync"/>), again from the start while the
    /// engine reports it lost to a concurrent one (nothing of it was committed), and translates engine errors.
    /// <paramref name="work"/> keeps its state in locals, so a second run starts clean.
    /// </summary>
    private protected async Task<T> WriteAsync<T>(string what, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(cancellationToken);
            try
            {
                await using var transaction = await BeginWriteAsync(connection, cancellationToken);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbException e) when (attempt < WriteAttempts && IsRetryable(e))
            {
                // Back off a little, randomly, so the transactions that collided do not collide again in step.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
            catch (DbException e)
            {
                throw Translate(e, what);
            }
        }
    }

    /// <summary>Runs a read (a snapshot on SQLite, statement by statement on PostgreSQL) and translates engine errors.</summary>
    private protected async Task<T> ReadAsync<T>(string what, Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            return await work(connection);
        }
        catch (DbException e)
        {
            throw Translate(e, what);
        }
    }

    /// <summary>A boolean result (an EXISTS): 0/1 on SQLite, a boolean on PostgreSQL.</summary>
    private protected static bool IsTrue(object? value) => Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Why an append allocated no UID: the mailbox is gone (permanent), or a cleartext message met an owner with
    /// encryption on (temporary: the delivery answers 4xx, and the MTA's next attempt encrypts; docs/decisions/0029).
    /// </summary>
    internal static Exception AppendRefused(long mailboxId, NewMessage message) => message.IsEncrypted
        ? new StoreConflictException($"mailbox {mailboxId} does not exist")
        : new StoreUnavailableException($"mailbox {mailboxId} does not exist, or its owner turned encryption on while a cleartext message was stored");

    internal static long UnixSeconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    internal static DateTime FromUnixSeconds(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
}
