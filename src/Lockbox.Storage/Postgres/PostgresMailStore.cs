// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;
using Lockbox.Storage.Sql;
using Npgsql;

namespace Lockbox.Storage.Postgres;

/// <summary>
/// The engine for several nodes (issue 7, docs/decisions/0026): the contract's methods are <see cref="SqlMailStore"/>'s,
/// the same as SQLite's, with the same schema versions; this class is PostgreSQL's dialect (docs/decisions/0028).
/// Connections come from one pooled <see cref="NpgsqlDataSource"/>. Writes run SERIALIZABLE and are retried when
/// PostgreSQL reports a serialization failure, so every method behaves as if the writers of all nodes took turns, as
/// SQLite's single writer does; message appends run READ COMMITTED and take the mailbox row's lock for their UID (see
/// <see cref="AppendMessageAsync"/>). Npgsql logs nothing here (no logger factory, no parameter logging), and the server
/// must be set not to log parameter values (docs/decisions/0026).
/// </summary>
public sealed partial class PostgresMailStore : SqlMailStore
{
    /// <summary>How often a serializable write is run again after losing to a concurrent one before it counts as unavailable.</summary>
    const int SerializationAttempts = 20;

    /// <summary>The key of the advisory lock that keeps two nodes starting at once from migrating together.</summary>
    const long MigrationLock = 0x4C6F636B626F78; // "Lockbox"

    readonly NpgsqlDataSource _dataSource;

    /// <summary>A store on the database <paramref name="connectionString"/> names. Call <see cref="MigrateAsync"/> before use.</summary>
    public PostgresMailStore(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.IncludeErrorDetail)
        {
            // The DETAIL of an error can quote a row's values; it must not reach exception messages and so the logs.
            throw new ArgumentException("Include Error Detail must stay off: error details can quote stored values", nameof(connectionString));
        }

        _dataSource = NpgsqlDataSource.Create(builder);
    }

    private protected override int WriteAttempts => SerializationAttempts;

    private protected override string NextUidValidity => "greatest(value + 1, extract(epoch FROM now())::bigint)";

    private protected override string EmptyBinary => "''::bytea";

    /// <summary>Served by the unique index on <c>lower(address)</c> (under "C", <c>lower</c> folds ASCII only, as NOCASE does).</summary>
    private protected override string AddressMatches => "lower(address) = lower(@address)";

    private protected override string AddressOrder => "lower(address), address";

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // DDL is transactional in PostgreSQL: all pending steps commit together, under a lock another node waits on.
            await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLock});", cancellationToken, transaction);
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_utc BIGINT NOT NULL);",
                cancellationToken, transaction);
            var current = await GetSchemaVersionAsync(connection, transaction, cancellationToken);
            foreach (var (version, sql) in PostgresMigrations.Steps.Where(s => s.Version > current))
            {
                await ExecuteAsync(connection, sql, cancellationToken, transaction);
                await RecordMigrationAsync(connection, transaction, version, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, "bring the schema up to date");
        }
    }

    /// <remarks>
    /// PostgreSQL has no secure_delete: a deleted or updated row stays in its page until the space is reused, and in the WAL
    /// segments until they are recycled. Plain VACUUM (no exclusive lock, so the other nodes keep delivering) makes that
    /// space reusable; it does not zero it. docs/decisions/0026 says what this leaves and why the data directory of
    /// PostgreSQL must sit on an encrypted filesystem. Always true: no reader keeps VACUUM from finishing its pass.
    /// </remarks>
    public override async Task<bool> CompactAsync(CancellationToken cancellationToken)
    {
        await VacuumAsync("VACUUM messages, search_documents;", cancellationToken);
        return true;
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, "open the database");
        }
    }

    /// <summary>
    /// SERIALIZABLE. WHY: SQLite runs one writer at a time, and the methods read, then write (the audit chain's head, the
    /// flags before a change, the blobs still referenced). Serializable isolation gives every method that same
    /// one-at-a-time outcome across nodes without a lock per method; a loser is run again (<see cref="IsRetryable"/>).
    /// </summary>
    private protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);

    /// <summary>SQLSTATE 40001/40P01: nothing of the transaction was committed, and running it again is correct.</summary>
    private protected override bool IsRetryable(DbException e) => e is NpgsqlException npgsql && PostgresErrors.IsRetryable(npgsql);

    private protected override Exception Translate(DbException e, string what) => e is NpgsqlException npgsql
        ? PostgresErrors.Translate(npgsql, what)
        : new StoreUnavailableException($"cannot {what}", e);

    /// <summary>An array parameter: one statement for any number of IDs (no parameter limit).</summary>
    private protected override string IdIn(DbCommand command, string name, IEnumerable<long> ids)
    {
        var parameter = new NpgsqlParameter<long[]>(name, ids.ToArray());
        command.Parameters.Add(parameter);
        return $"= ANY ({name})";
    }

    /// <summary>
    /// No secure_delete here: VACUUM FULL writes the table anew and drops the old file with the deleted rows (the table is one
    /// small row per key, so its exclusive lock is brief). The WAL keeps the rows until its segments are recycled
    /// (docs/decisions/0026).
    /// </summary>
    private protected override Task PurgeDeletedEscrowCopiesAsync(CancellationToken cancellationToken) =>
        VacuumAsync("VACUUM FULL escrow_copies;", cancellationToken);

    /// <summary>Runs a VACUUM statement (never inside a transaction block).</summary>
    async Task VacuumAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, sql, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, "vacuum");
        }
    }
}
