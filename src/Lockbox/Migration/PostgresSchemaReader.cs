// SPDX-License-Identifier: MIT
using Npgsql;

namespace Lockbox.Migration;

/// <summary>
/// Reads the target's tables from PostgreSQL's catalogue (the schema the connection's search path names), so that a
/// future schema version needs no change here: columns and types from information_schema, primary keys, identity
/// columns, and the copy order from the foreign keys (a table after every table it references).
/// </summary>
internal static class PostgresSchemaReader
{
    /// <summary>Tables that are not data: the store's own version table and this tool's progress table.</summary>
    public static bool IsBookkeeping(string table) => table is "schema_migrations" or PostgresTarget.ProgressTable;

    /// <summary>The data tables in foreign-key order (ties by name, so the order is the same on every run).</summary>
    /// <exception cref="MigrationRefusedException">A column of a type outside the twin schemas' mapping, or a table without a primary key.</exception>
    public static async Task<IReadOnlyList<TableShape>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, List<ColumnShape>>(StringComparer.Ordinal);
        var identities = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            """
            SELECT c.table_name, c.column_name, c.data_type, c.is_identity
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position;
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (table, column, type) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                if (IsBookkeeping(table))
                {
                    continue;
                }

                var kind = type switch
                {
                    "bigint" => ColumnKind.Number,
                    "text" => ColumnKind.Text,
                    "bytea" => ColumnKind.Bytes,
                    _ => throw new MigrationRefusedException($"the target's column {table}.{column} has type {type}, which this lockbox cannot copy"),
                };
                (columns.TryGetValue(table, out var list) ? list : columns[table] = []).Add(new ColumnShape(column, kind));
                if (reader.GetString(3) == "YES")
                {
                    identities[table] = column;
                }
            }
        }

        var keys = await ReadPairsAsync(connection,
            """
            SELECT tc.table_name, k.column_name
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage k
              ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
            WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
            ORDER BY tc.table_name, k.ordinal_position;
            """, cancellationToken);
        var references = await ReadPairsAsync(connection,
            """
            SELECT child.relname, parent.relname
            FROM pg_constraint f
            JOIN pg_class child ON child.oid = f.conrelid
            JOIN pg_class parent ON parent.oid = f.confrelid
            WHERE f.contype = 'f' AND f.connamespace = current_schema()::regnamespace AND f.conrelid <> f.confrelid;
            """, cancellationToken);

        var shapes = new Dictionary<string, TableShape>(StringComparer.Ordinal);
        foreach (var (table, list) in columns)
        {
            var key = keys.Where(k => k.First == table).Select(k => k.Second).ToList();
            if (key.Count == 0)
            {
                throw new MigrationRefusedException($"the target's table {table} has no primary key, so it cannot be copied in a resumable order");
            }

            shapes[table] = new TableShape(table, list, key, identities.GetValueOrDefault(table));
        }

        return Order(shapes, references);
    }

    static List<TableShape> Order(Dictionary<string, TableShape> shapes, IReadOnlyList<(string First, string Second)> references)
    {
        var ordered = new List<TableShape>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < shapes.Count)
        {
            var next = shapes.Keys.Where(t => !placed.Contains(t))
                .Where(t => references.All(r => r.First != t || placed.Contains(r.Second) || !shapes.ContainsKey(r.Second)))
                .Order(StringComparer.Ordinal).FirstOrDefault()
                ?? throw new MigrationRefusedException("the target's foreign keys form a cycle, so no table can be copied first");
            placed.Add(next);
            ordered.Add(shapes[next]);
        }

        return ordered;
    }

    static async Task<IReadOnlyList<(string First, string Second)>> ReadPairsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var pairs = new List<(string, string)>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }
}
