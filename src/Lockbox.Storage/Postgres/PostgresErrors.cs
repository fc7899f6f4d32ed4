// SPDX-License-Identifier: MIT
using Npgsql;

namespace Lockbox.Storage.Postgres;

/// <summary>Maps PostgreSQL errors (SQLSTATE, https://www.postgresql.org/docs/current/errcodes-appendix.html) onto the store contract's exceptions.</summary>
internal static class PostgresErrors
{
    const string UniqueViolation = "23505";
    const string SerializationFailure = "40001";
    const string DeadlockDetected = "40P01";
    const string DiskFull = "53100";

    /// <summary>
    /// A unique violation is a conflict; everything else (connection lost, server shutting down, disk full, ...) is
    /// "unavailable": nothing was committed and the caller answers with a temporary failure. The message names the
    /// operation and the SQLSTATE only, never a parameter value; Npgsql leaves the server's DETAIL (which can quote a
    /// row) out of the exception unless the connection string sets Include Error Detail, which Lockbox never does.
    /// </summary>
    public static Exception Translate(NpgsqlException e, string what) =>
        e is PostgresException { SqlState: UniqueViolation }
            ? new StoreConflictException($"cannot {what}: the name is taken", e)
            : new StoreUnavailableException($"cannot {what}: PostgreSQL error {(e as PostgresException)?.SqlState ?? "(connection)"}", e)
            {
                StorageFull = e is PostgresException { SqlState: DiskFull },
            };

    /// <summary>A serializable transaction lost to a concurrent one (or a deadlock was broken): running it again is correct.</summary>
    /// <remarks>
    /// A unique violation on <c>audit_log</c> is one too: its only key, <c>seq</c>, is the head read in the same transaction
    /// plus one, so a duplicate means a concurrent append took that number first. PostgreSQL usually reports that as 40001,
    /// but not always (its predicate lock covers the index page that was read, not the key; "it may also be advisable to
    /// retry unique-key failures", https://www.postgresql.org/docs/current/mvcc-serialization-failure-handling.html).
    /// Every other unique key is a name given by the caller, and its violation is a real conflict.
    /// </remarks>
    public static bool IsRetryable(NpgsqlException e) =>
        e is PostgresException { SqlState: SerializationFailure or DeadlockDetected } or PostgresException { SqlState: UniqueViolation, TableName: "audit_log" };
}
