// SPDX-License-Identifier: MIT
namespace Lockbox.Migration;

/// <summary>
/// The three column types of the twin schemas (docs/decisions/0026): SQLite INTEGER = PostgreSQL BIGINT, TEXT = TEXT
/// COLLATE "C", BLOB = BYTEA. A column of any other type is refused, so a future schema cannot be copied half-understood.
/// </summary>
public enum ColumnKind
{
    /// <summary>INTEGER / BIGINT.</summary>
    Number,

    /// <summary>TEXT / TEXT COLLATE "C".</summary>
    Text,

    /// <summary>BLOB / BYTEA.</summary>
    Bytes,
}
