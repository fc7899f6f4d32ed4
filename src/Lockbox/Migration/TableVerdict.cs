// SPDX-License-Identifier: MIT
namespace Lockbox.Migration;

/// <summary>One table compared after the copy.</summary>
/// <param name="Table">The table's name.</param>
/// <param name="SourceRows">Rows in SQLite.</param>
/// <param name="TargetRows">Rows in PostgreSQL.</param>
/// <param name="ChecksumsMatch">Whether the <see cref="RowHasher"/> checksums of both sides are equal.</param>
public sealed record TableVerdict(string Table, long SourceRows, long TargetRows, bool ChecksumsMatch)
{
    /// <summary>Whether the table arrived whole and unchanged.</summary>
    public bool Holds => SourceRows == TargetRows && ChecksumsMatch;
}
