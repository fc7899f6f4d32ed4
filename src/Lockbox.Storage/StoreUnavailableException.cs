// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// The store could not complete the operation now (busy, I/O error, disk full, connection lost).
/// Nothing was committed; the caller answers with a temporary failure (LMTP 4xx) and the MTA retries.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The engine failed because its disk is full (SQLite FULL, PostgreSQL 53100 disk_full).</summary>
    public bool StorageFull { get; init; }
}
