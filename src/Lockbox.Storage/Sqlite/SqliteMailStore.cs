// SPDX-License-Identifier: MIT
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lockbox.Storage.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Lockbox.Storage.Sqlite;

/// <summary>
/// The embedded engine. WAL journal, <c>synchronous=FULL</c> so a commit is on the disk when it
/// returns (LMTP answers 250 only then), <c>secure_delete=ON</c> so freed pages are zeroed
/// (DESIGN.md section 3). The contract's methods are <see cref="SqlMailStore"/>'s; this class is SQLite's dialect:
/// connections, one writer at a time (BEGIN IMMEDIATE), the group-commit append path, JSON ID lists, the checkpoints
/// and VACUUM that take deleted rows out of the files, and the migrations (docs/decisions/0028).
/// </summary>
public sealed class SqliteMailStore : SqlMailStore
{
    /// <summary>
    /// The physical connections (the pool reuses them) that already run with <see cref="ConnectionSettings"/>.
    /// Weak: an entry goes when the pool closes its connection and the handle is collected.
    /// </summary>
    static readonly ConditionalWeakTable<sqlite3, object> Configured = [];

    /// <summary>Per-connection settings: they last as long as the physical connection, not one pooled Open.</summary>
    const string ConnectionSettings = "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;";

    /// <summary>How often a WAL checkpoint is tried while readers still hold old frames.</summary>
    const int CheckpointAttempts = 50;

    readonly string _connectionString;
    readonly AppendBatcher _appends;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>. Call <see cref="MigrateAsync"/> before use.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="busyTimeout">
    /// How long a writer waits for another writer before SQLITE_BUSY (<see cref="StoreOptions.BusyTimeout"/>, which checks it
    /// is at least a second: SQLite's client counts whole seconds, and 0 would mean forever).
    /// </param>
    public SqliteMailStore(string path, TimeSpan? busyTimeout = null)
    {
        var timeout = busyTimeout ?? StoreOptions.DefaultBusyTimeout;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // A writer waits for another writer this long before SQLITE_BUSY (then: 4xx, retried by the MTA).
            DefaultTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
        }.ToString();
        _appends = new AppendBatcher(OpenSqliteAsync);
    }

    /// <summary>Unix time in SQLite (3.38+); the larger of two values is the two-argument <c>max</c>.</summary>
    private protected override string NextUidValidity => "max(value + 1, unixepoch())";

    private protected override string EmptyBinary => "X''";

    /// <summary>The column is <c>COLLATE NOCASE</c> (schema v1), so its index serves both.</summary>
    private protected override string AddressMatches => "address = @address";

    private protected override string AddressOrder => "address";

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenSqliteAsync(cancellationToken);
        // Opening does not read the file; the first statement here is where a file that is not a
        // database (SQLITE_NOTADB) or is damaged fails, and that must be "unavailable" like any engine error.
        try
        {
            // WAL is a property of the database file, so it is set once here, not per connection.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_utc INTEGER NOT NULL) STRICT;", cancellationToken);
            var current = await GetSchemaVersionAsync(connection, null, cancellationToken);
            foreach (var (version, sql) in SqliteMigrations.Steps.Where(s => s.Version > current))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, sql, cancellationToken, transaction);
                await RecordMigrationAsync(connection, transaction, version, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Translate(e, "bring the schema up to date");
        }
    }

    /// <remarks>Rows of concurrent deliveries are committed together (<see cref="AppendBatcher"/>).</remarks>
    public override Task<MessageRecord> AppendMessageAsync(long mailboxId, NewMessage message, CancellationToken cancellationToken) =>
        _appends.AppendAsync(mailboxId, message, cancellationToken);

    public override async Task<bool> CompactAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenSqliteAsync(cancellationToken);
        try
        {
            // DESIGN.md section 3: secure_delete zeroes freed cells in the database file, but not the old page images in the
            // WAL. Checkpoint them out, rebuild the file without free pages (the temp database in memory, not in /tmp), and
            // checkpoint again so the WAL that VACUUM wrote is truncated too.
            await ExecuteAsync(connection, "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;", cancellationToken);
            var complete = await CheckpointAsync(connection, cancellationToken);
            await ExecuteAsync(connection, "VACUUM;", cancellationToken);
            return await CheckpointAsync(connection, cancellationToken) && complete;
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Translate(e, "compact the database");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _appends.DisposeAsync();
        // Pooled connections keep the WAL open; clearing the pool lets SQLite checkpoint and close the files.
        await using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await OpenSqliteAsync(cancellationToken);

    /// <summary>One writer at a time: BEGIN IMMEDIATE takes the write lock at the start, so a method's reads and writes are one step.</summary>
    private protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    private protected override Exception Translate(DbException e, string what) => e is SqliteException sqlite
        ? SqliteErrors.Translate(sqlite, what)
        : new StoreUnavailableException($"cannot {what}", e);

    /// <summary>A JSON array that <c>json_each</c> expands: one statement for any number of IDs (no parameter limit).</summary>
    private protected override string IdIn(DbCommand command, string name, IEnumerable<long> ids)
    {
        command.Add(name, JsonSerializer.Serialize(ids));
        return $"IN (SELECT value FROM json_each({name}))";
    }

    private protected override async Task PurgeDeletedEscrowCopiesAsync(CancellationToken cancellationToken)
    {
        // secure_delete zeroed the rows in the new page images, but the WAL still holds the frames written when
        // the copies were stored. TRUNCATE copies the newest pages into the database and empties the WAL file
        // (https://www.sqlite.org/pragma.html#pragma_wal_checkpoint); a reader holding an old snapshot makes it
        // report busy, so it is tried again.
        await using var connection = await OpenSqliteAsync(cancellationToken);
        try
        {
            for (var attempt = 1; !await CheckpointAsync(connection, cancellationToken); attempt++)
            {
                if (attempt == CheckpointAttempts)
                {
                    throw new StoreUnavailableException("the escrow copies are deleted, but readers kept the write-ahead log from being emptied; run the opt-out again");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Translate(e, "checkpoint the write-ahead log");
        }
    }

    /// <summary><c>wal_checkpoint(TRUNCATE)</c>; false when a reader (another process) kept it from finishing.</summary>
    static async Task<bool> CheckpointAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // One row: busy (1 if blocked), frames in the WAL, frames checkpointed (https://sqlite.org/pragma.html#pragma_wal_checkpoint).
        return await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0;
    }

    /// <summary>Opens a pooled connection with the per-connection settings applied.</summary>
    /// <remarks>
    /// WHY once per physical connection: a pooled Open hands back a connection that kept its settings, and
    /// compiling the three PRAGMAs again on every read was about a fifth of the SQLite work of a delivery
    /// (docs/benchmarks.md, LMTP delivery; docs/decisions/0015).
    /// </remarks>
    async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken)
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
}
