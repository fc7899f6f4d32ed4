// SPDX-License-Identifier: MIT
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Lockbox.Storage.Sqlite;

/// <summary>
/// The embedded engine. WAL journal, <c>synchronous=FULL</c> so a commit is on the disk when it
/// returns (LMTP answers 250 only then), <c>secure_delete=ON</c> so freed pages are zeroed
/// (DESIGN.md section 3). Feature methods are split by area into the other SqliteMailStore.*.cs files.
/// </summary>
public sealed partial class SqliteMailStore : IMailStore
{
    /// <summary>
    /// The physical connections (the pool reuses them) that already run with <see cref="ConnectionSettings"/>.
    /// Weak: an entry goes when the pool closes its connection and the handle is collected.
    /// </summary>
    static readonly ConditionalWeakTable<sqlite3, object> Configured = [];

    /// <summary>Per-connection settings: they last as long as the physical connection, not one pooled Open.</summary>
    const string ConnectionSettings = "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;";

    readonly string _connectionString;
    readonly AppendBatcher _appends;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>. Call <see cref="MigrateAsync"/> before use.</summary>
    public SqliteMailStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // A writer waits for another writer this long before SQLITE_BUSY (then: 4xx, retried by the MTA).
            DefaultTimeout = 30,
        }.ToString();
        _appends = new AppendBatcher(OpenAsync);
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Opening does not read the file; the first statement here is where a file that is not a
        // database (SQLITE_NOTADB) or is damaged fails, and that must be "unavailable" like any engine error.
        try
        {
            // WAL is a property of the database file, so it is set once here, not per connection.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_utc INTEGER NOT NULL) STRICT;", cancellationToken);
            var current = await GetSchemaVersionAsync(connection, cancellationToken);
            foreach (var (version, sql) in SqliteMigrations.Steps.Where(s => s.Version > current))
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, sql, cancellationToken, transaction);
                await using var record = Command(connection, "INSERT INTO schema_migrations (version, applied_utc) VALUES ($v, $t);", transaction);
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Translate(e, "bring the schema up to date");
        }
    }

    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) =>
        ReadAsync("read the schema version", connection => GetSchemaVersionAsync(connection, cancellationToken), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _appends.DisposeAsync();
        // Pooled connections keep the WAL open; clearing the pool lets SQLite checkpoint and close the files.
        await using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    static async Task<int> GetSchemaVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT coalesce(max(version), 0) FROM schema_migrations;");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Opens a pooled connection with the per-connection settings applied.</summary>
    /// <remarks>
    /// WHY once per physical connection: a pooled Open hands back a connection that kept its settings, and
    /// compiling the three PRAGMAs again on every read was about a fifth of the SQLite work of a delivery
    /// (docs/benchmarks.md, LMTP delivery; docs/decisions/0015).
    /// </remarks>
    async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var handle = connection.Handle!;
            if (!Configured.TryGetValue(handle, out _))
            {
                await ExecuteAsync(connection, ConnectionSettings, cancellationToken);
                Configured.AddOrUpdate(handle, handle);
            }

            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw SqliteErrors.Translate(e, "open the database");
        }
    }

    static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE) and translates engine errors.</summary>
    async Task<T> WriteAsync<T>(string what, Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Translate(e, what);
        }
    }

    /// <summary>Runs a read in a snapshot (WAL readers never block the writer) and translates engine errors.</summary>
    async Task<T> ReadAsync<T>(string what, Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            return await work(connection);
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Translate(e, what);
        }
    }

    internal static long UnixSeconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    internal static DateTime FromUnixSeconds(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
}
