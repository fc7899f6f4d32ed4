// SPDX-License-Identifier: MIT
namespace Lockbox.Migration;

/// <summary>A table of the schema as the target describes it: what is copied and in which order rows are read.</summary>
/// <param name="Name">The table's name.</param>
/// <param name="Columns">The columns, in the target's column order.</param>
/// <param name="Key">The primary key's columns, in key order: rows are copied, resumed and checksummed in this order.</param>
/// <param name="Identity">The identity column, whose sequence must move past the copied IDs, or null.</param>
public sealed record TableShape(string Name, IReadOnlyList<ColumnShape> Columns, IReadOnlyList<string> Key, string? Identity)
{
    /// <summary>The columns, quoted, comma-separated, for a SELECT or COPY list.</summary>
    public string ColumnList => string.Join(", ", Columns.Select(c => Sql.Quote(c.Name)));

    /// <summary>The key columns, quoted, comma-separated, with <paramref name="suffix"/> after each (" DESC").</summary>
    public string KeyList(string suffix = "") => string.Join(", ", Key.Select(k => Sql.Quote(k) + suffix));

    /// <summary>The positions of the key columns within <see cref="Columns"/>.</summary>
    public IReadOnlyList<int> KeyOrdinals => [.. Key.Select(k => Columns.ToList().FindIndex(c => c.Name == k))];
}
