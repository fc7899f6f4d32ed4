// SPDX-License-Identifier: MIT
using Npgsql;
using NpgsqlTypes;

namespace Lockbox.Migration;

/// <summary>
/// The PostgreSQL end of a migration, on one connection held for the whole run. That connection holds an advisory lock,
/// so two migrations into one database never interleave. Rows are written with binary COPY, one batch per transaction,
/// and the batch's progress row in <see cref="ProgressTable"/> commits with it: after a crash, the target holds whole
/// batches only and the progress table says how far each table got.
/// </summary>
internal sealed class PostgresTarget : IAsyncDisposable
{
    /// <summary>The table that marks the target as this tool's work in progress; dropped once the copy has verified.</summary>
    public const string ProgressTable = "lockbox_migration_progress";

    /// <summary>
    /// The one table the schema migrations fill (v1 seeds <c>meta</c> with counters at 0): a target whose meta values
    /// are all 0 is still empty, and its meta rows are replaced by the source's.
    /// </summary>
    const string SeededTable = "meta";

    /// <summary>Advisory lock key of a running migration ("lockbox-migrate" in ASCII, truncated to 8 bytes).</summary>
    const long RunLock = 0x6C6F636B626F786D;

    readonly NpgsqlConnection _connection;

    PostgresTarget(NpgsqlConnection connection)
    {
        _connection = connection;
    }

    /// <summary>Connects and takes the run lock; refuses while another migration into this database runs.</summary>
    public static async Task<PostgresTarget> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({RunLock});", connection);
            if (await command.ExecuteScalarAsync(cancellationToken) is not true)
            {
                throw new MigrationRefusedException("another lockbox migrate is running against this database");
            }

            return new PostgresTarget(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The data tables, in copy order (<see cref="PostgresSchemaReader"/>).</summary>
    public Task<IReadOnlyList<TableShape>> ReadShapesAsync(CancellationToken cancellationToken) =>
        PostgresSchemaReader.ReadAsync(_connection, cancellationToken);

    /// <summary>Whether an earlier run of this tool left its progress table (started, not yet verified).</summary>
    public async Task<bool> IsMigrationInProgressAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(quote_ident(current_schema()) || '.' || @t) IS NOT NULL;", _connection);
        command.Parameters.AddWithValue("t", ProgressTable);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// Starts a migration into an empty target: creates the progress table and clears the seeded counters, in one
    /// transaction. Refuses a target holding any row of its own (a live installation), naming the first such table.
    /// </summary>
    public async Task BeginAsync(IReadOnlyList<TableShape> tables, CancellationToken cancellationToken)
    {
        // The seeded table last: a live installation is better named by its users than by its counters.
        foreach (var table in tables.OrderBy(t => t.Name == SeededTable))
        {
            var filter = table.Name == SeededTable ? " WHERE value <> 0" : "";
            await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {Sql.Quote(table.Name)}{filter});", _connection);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                throw new MigrationRefusedException(
                    $"the target is not empty (table {table.Name} has rows that no lockbox migrate wrote): migrate only into a new database or schema; " +
                    "to check the result of an earlier migration, add --verify-only");
            }
        }

        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(
            $"CREATE TABLE {ProgressTable} (table_name TEXT COLLATE \"C\" PRIMARY KEY, copied BIGINT NOT NULL, done BIGINT NOT NULL);" +
            $" DELETE FROM {Sql.Quote(SeededTable)};",
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>How far a table got: rows copied and whether it is complete.</summary>
    public async Task<(long Copied, bool Done)> GetProgressAsync(TableShape table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT copied, done FROM {ProgressTable} WHERE table_name = @t;", _connection);
        command.Parameters.AddWithValue("t", table.Name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1) == 1) : (0, false);
    }

    /// <summary>The key of the table's last row (in key order), where a resumed copy continues; null when it is empty.</summary>
    public async Task<IReadOnlyList<object>?> GetLastKeyAsync(TableShape table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {table.KeyList()} FROM {Sql.Quote(table.Name)} ORDER BY {table.KeyList(" DESC")} LIMIT 1;", _connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var key = new object[table.Key.Count];
        reader.GetValues(key);
        return key;
    }

    /// <summary>Writes one batch and its progress row (<paramref name="copied"/> rows of the table in all) in one transaction.</summary>
    public async Task WriteBatchAsync(TableShape table, IReadOnlyList<object?[]> rows, long copied, bool done, CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        if (rows.Count > 0)
        {
            // The copy is faithful, derived columns included: the target's own triggers must not count the copied rows
            // again (mailboxes.stored_bytes, docs/decisions/0041). Off inside the batch's transaction (PostgreSQL's DDL
            // is transactional), so a crash cannot leave them off.
            await ExecuteAsync($"ALTER TABLE {Sql.Quote(table.Name)} DISABLE TRIGGER USER;", cancellationToken);
            await using (var importer = await _connection.BeginBinaryImportAsync(
                $"COPY {Sql.Quote(table.Name)} ({table.ColumnList}) FROM STDIN (FORMAT BINARY);", cancellationToken))
            {
                foreach (var row in rows)
                {
                    await importer.StartRowAsync(cancellationToken);
                    for (var i = 0; i < row.Length; i++)
                    {
                        await WriteValueAsync(importer, row[i], table.Columns[i].Kind, cancellationToken);
                    }
                }

                await importer.CompleteAsync(cancellationToken);
            }

            await ExecuteAsync($"ALTER TABLE {Sql.Quote(table.Name)} ENABLE TRIGGER USER;", cancellationToken);
        }

        await using (var progress = new NpgsqlCommand(
            $"INSERT INTO {ProgressTable} (table_name, copied, done) VALUES (@t, @c, @d) " +
            "ON CONFLICT (table_name) DO UPDATE SET copied = excluded.copied, done = excluded.done;", _connection, transaction))
        {
            progress.Parameters.AddWithValue("t", table.Name);
            progress.Parameters.AddWithValue("c", copied);
            progress.Parameters.AddWithValue("d", done ? 1L : 0L);
            await progress.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Moves each identity column's sequence past the largest copied ID: the rows kept their IDs, and the next insert
    /// must not collide with one of them.
    /// </summary>
    public async Task MoveSequencesAsync(IReadOnlyList<TableShape> tables, CancellationToken cancellationToken)
    {
        foreach (var table in tables.Where(t => t.Identity is not null))
        {
            await using var command = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence(@t, @c), coalesce(max({Sql.Quote(table.Identity!)}), 0) + 1, false) FROM {Sql.Quote(table.Name)};",
                _connection);
            command.Parameters.AddWithValue("t", Sql.Quote(table.Name));
            command.Parameters.AddWithValue("c", table.Identity!);
            await command.ExecuteScalarAsync(cancellationToken);
        }
    }

    /// <summary>Count and checksum of a whole table (<see cref="RowHasher"/>).</summary>
    public async Task<(long Rows, string Checksum)> ChecksumAsync(TableShape table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {table.ColumnList} FROM {Sql.Quote(table.Name)} ORDER BY {table.KeyList()};", _connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        using var hasher = new RowHasher();
        while (await reader.ReadAsync(cancellationToken))
        {
            hasher.Add(reader, table.Columns);
        }

        return (hasher.Rows, hasher.Finish());
    }

    /// <summary>
    /// Every message's blob ID and stored size, for the blob check, with the size of its content when the blob is stored
    /// inline (copied with the tables, docs/decisions/0036), else null: a file.
    /// </summary>
    public async Task<IReadOnlyList<(string BlobId, long Size, long? InlineSize)>> ListBlobsAsync(CancellationToken cancellationToken)
    {
        var blobs = new List<(string, long, long?)>();
        await using var command = new NpgsqlCommand("""
            SELECT m.blob_id, m.stored_size, octet_length(i.content) FROM messages m
            LEFT JOIN inline_blobs i ON i.blob_id = m.blob_id ORDER BY m.id;
            """, _connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            blobs.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)));
        }

        return blobs;
    }

    /// <summary>Ends the migration: without the progress table, the target is an ordinary installation.</summary>
    public Task FinishAsync(CancellationToken cancellationToken) => ExecuteAsync($"DROP TABLE IF EXISTS {ProgressTable};", cancellationToken);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    static Task WriteValueAsync(NpgsqlBinaryImporter importer, object? value, ColumnKind kind, CancellationToken cancellationToken) => value switch
    {
        null => importer.WriteNullAsync(cancellationToken),
        _ => kind switch
        {
            ColumnKind.Number => importer.WriteAsync((long)value, NpgsqlDbType.Bigint, cancellationToken),
            ColumnKind.Text => importer.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken),
            _ => importer.WriteAsync((byte[])value, NpgsqlDbType.Bytea, cancellationToken),
        },
    };

    async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
