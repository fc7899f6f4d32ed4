// SPDX-License-Identifier: MIT
using Microsoft.Data.Sqlite;

namespace Lockbox.Storage.Sqlite;

/// <summary>Maps SQLite result codes (https://sqlite.org/rescode.html) onto the store contract's exceptions.</summary>
internal static class SqliteErrors
{
    const int Constraint = 19;
    const int Full = 13;

    /// <summary>
    /// A UNIQUE violation is a conflict; everything else (BUSY, LOCKED, IOERR, FULL, CORRUPT, ...) is
    /// "unavailable": nothing was committed and the caller answers with a temporary failure.
    /// The message names the operation only, never a parameter value (it could be mail metadata).
    /// </summary>
    public static Exception Translate(SqliteException e, string what) =>
        e.SqliteErrorCode == Constraint && e.Message.Contains("UNIQUE", StringComparison.Ordinal)
            ? new StoreConflictException($"cannot {what}: the name is taken", e)
            : new StoreUnavailableException($"cannot {what}: SQLite error {e.SqliteExtendedErrorCode}", e) { StorageFull = e.SqliteErrorCode == Full };
}
