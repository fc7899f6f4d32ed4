// SPDX-License-Identifier: MIT
using System.Data;
using Lockbox.Storage.Sqlite;
using Npgsql;

namespace Lockbox.Storage.Postgres;

/// <summary>
/// The engine for several nodes (issue 7, docs/decisions/0026): the same contract as <see cref="SqliteMailStore"/> on
/// PostgreSQL, with the same schema versions. Connections come from one pooled <see cref="NpgsqlDataSource"/>. Writes run
/// SERIALIZABLE and are retried when PostgreSQL reports a serialization failure, so every method behaves as if the
/// writers of all nodes took turns, as SQLite's single writer does; message appends run READ COMMITTED and take the
/// mailbox row's lock for their UID (see <see cref="InsertMessageAsync"/>). Npgsql logs nothing here (no logger factory,
/// no parameter logging), and the server must be set not to log parameter values (docs/decisions/0026).
/// Feature methods are split by area into the other PostgresMailStore.*.cs files.
/// </summary>
public sealed partial class PostgresMailStore : IMailStore
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

    public async Task MigrateAsync(CancellationToken cancellationToken)
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
                await using var record = Command(connection, "INSERT INTO schema_migrations (version, applied_utc) VALUES (@v, @t);", transaction);
                record.Parameters.AddWithValue("v", version);
                record.Parameters.AddWithValue("t", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, "bring the schema up to date");
        }
    }

    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) =>
        ReadAsync("read the schema version", connection => GetSchemaVersionAsync(connection, null, cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    static async Task<int> GetSchemaVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT coalesce(max(version), 0) FROM schema_migrations;", transaction);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
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

    static NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) => new(sql, connection, transaction);

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one SERIALIZABLE transaction, again from the start when it lost to a concurrent
    /// transaction (SQLSTATE 40001/40P01: nothing of it was committed), and translates engine errors.
    /// </summary>
    /// <remarks>
    /// WHY serializable: SQLite runs one writer at a time, and the methods read, then write (the audit chain's head, the
    /// flags before a change, the blobs still referenced). Serializable isolation gives every method that same
    /// one-at-a-time outcome across nodes without a lock per method. <paramref name="work"/> keeps its state in locals, so
    /// a second run starts clean.
    /// </remarks>
    async Task<T> WriteAsync<T>(string what, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(cancellationToken);
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (NpgsqlException e) when (PostgresErrors.IsRetryable(e) && attempt < SerializationAttempts)
            {
                // Back off a little, randomly, so the transactions that collided do not collide again in step.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
            catch (NpgsqlException e)
            {
                throw PostgresErrors.Translate(e, what);
            }
        }
    }

    /// <summary>Runs a read (each statement sees the newest committed state) and translates engine errors.</summary>
    async Task<T> ReadAsync<T>(string what, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            return await work(connection);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, what);
        }
    }

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

    static long UnixSeconds(DateTime utc) => SqliteMailStore.UnixSeconds(utc);

    static DateTime FromUnixSeconds(long seconds) => SqliteMailStore.FromUnixSeconds(seconds);
}
