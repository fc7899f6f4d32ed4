// SPDX-License-Identifier: MIT
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Lockbox.Migration;

/// <summary>
/// The SQLite installation being copied, read through one connection inside one read transaction: in WAL mode that is a
/// snapshot, so every table is read as of the same moment even if something writes meanwhile (which it should not:
/// stop the server first). Nothing is written; the source stays usable by the lockbox that made it.
/// </summary>
internal sealed class SqliteSource : IAsyncDisposable
{
    readonly SqliteConnection _connection;
    readonly SqliteTransaction _snapshot;

    SqliteSource(SqliteConnection connection, SqliteTransaction snapshot)
    {
        _connection = connection;
        _snapshot = snapshot;
    }

    /// <summary>Opens the database file at <paramref name="path"/>, which must exist.</summary>
    public static async Task<SqliteSource> OpenAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new MigrationRefusedException($"no SQLite database at {path}");
        }

        // ReadWrite, not ReadOnly: a read-only connection cannot open a WAL database whose -shm file is gone.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        var snapshot = connection.BeginTransaction(deferred: true);
        return new SqliteSource(connection, snapshot);
    }

    /// <summary>The schema version (0 for a file that is not a Lockbox database).</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        var tables = await ListTablesAsync(cancellationToken);
        if (!tables.Contains("schema_migrations"))
        {
            return 0;
        }

        await using var command = Command("SELECT coalesce(max(version), 0) FROM schema_migrations;");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Refuses unless the source has exactly the target's data tables, each with the same columns (by name, of the same
    /// kind) and the same primary key: the twins of one schema version.
    /// </summary>
    public async Task CheckShapesAsync(IReadOnlyList<TableShape> target, CancellationToken cancellationToken)
    {
        var tables = (await ListTablesAsync(cancellationToken)).Where(t => t != "schema_migrations").ToHashSet(StringComparer.Ordinal);
        var missing = tables.Except(target.Select(t => t.Name)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new MigrationRefusedException($"the source has tables the target lacks: {string.Join(", ", missing)}");
        }

        foreach (var shape in target)
        {
            if (!tables.Contains(shape.Name))
            {
                throw new MigrationRefusedException($"the source has no table {shape.Name}");
            }

            var columns = new Dictionary<string, (string Type, int Key)>(StringComparer.Ordinal);
            await using (var command = Command("SELECT name, type, pk FROM pragma_table_info($table);"))
            {
                command.Parameters.AddWithValue("$table", shape.Name);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    columns[reader.GetString(0)] = (reader.GetString(1), reader.GetInt32(2));
                }
            }

            foreach (var column in shape.Columns)
            {
                if (!columns.TryGetValue(column.Name, out var source) || Kind(source.Type) != column.Kind)
                {
                    throw new MigrationRefusedException($"the column {shape.Name}.{column.Name} differs between source and target");
                }
            }

            var sourceKey = columns.Where(c => c.Value.Key > 0).OrderBy(c => c.Value.Key).Select(c => c.Key);
            if (columns.Count != shape.Columns.Count || !sourceKey.SequenceEqual(shape.Key))
            {
                throw new MigrationRefusedException($"the table {shape.Name} has different columns or a different primary key in source and target");
            }
        }
    }

    /// <summary>The number of rows of the table.</summary>
    public async Task<long> CountAsync(TableShape table, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT count(*) FROM {Sql.Quote(table.Name)};");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows in key order, after the row whose key is <paramref name="after"/> (from the
    /// start when null); each row's values in <see cref="TableShape.Columns"/> order (long, string, byte[] or null).
    /// </summary>
    public async Task<IReadOnlyList<object?[]>> ReadBatchAsync(TableShape table, IReadOnlyList<object>? after, int limit, CancellationToken cancellationToken)
    {
        var condition = "";
        // A row value comparison, (a, b) > ($k0, $k1): the same order as ORDER BY a, b, under BINARY collation (bytes),
        // which is the order of the target's COLLATE "C" text and bytea.
        if (after is not null)
        {
            condition = $"WHERE ({table.KeyList()}) > ({string.Join(", ", after.Select((_, i) => "$k" + i.ToString(CultureInfo.InvariantCulture)))})";
        }

        await using var command = Command($"SELECT {table.ColumnList} FROM {Sql.Quote(table.Name)} {condition} ORDER BY {table.KeyList()} LIMIT $limit;");
        for (var i = 0; i < (after?.Count ?? 0); i++)
        {
            command.Parameters.AddWithValue("$k" + i.ToString(CultureInfo.InvariantCulture), after![i]);
        }

        command.Parameters.AddWithValue("$limit", limit);
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[table.Columns.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : table.Columns[i].Kind switch
                {
                    ColumnKind.Number => reader.GetInt64(i),
                    ColumnKind.Text => reader.GetString(i),
                    _ => reader.GetFieldValue<byte[]>(i),
                };
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Count and checksum of a whole table (<see cref="RowHasher"/>).</summary>
    public async Task<(long Rows, string Checksum)> ChecksumAsync(TableShape table, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {table.ColumnList} FROM {Sql.Quote(table.Name)} ORDER BY {table.KeyList()};");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        using var hasher = new RowHasher();
        while (await reader.ReadAsync(cancellationToken))
        {
            hasher.Add(reader, table.Columns);
        }

        return (hasher.Rows, hasher.Finish());
    }

    public async ValueTask DisposeAsync()
    {
        await _snapshot.DisposeAsync();
        await _connection.DisposeAsync();
    }

    static ColumnKind? Kind(string declared) => declared.ToUpperInvariant() switch
    {
        "INTEGER" => ColumnKind.Number,
        "TEXT" => ColumnKind.Text,
        "BLOB" => ColumnKind.Bytes,
        _ => null,
    };

    async Task<HashSet<string>> ListTablesAsync(CancellationToken cancellationToken)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using var command = Command("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%';");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _snapshot;
        return command;
    }
}
