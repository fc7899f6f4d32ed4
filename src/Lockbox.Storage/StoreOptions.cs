// SPDX-License-Identifier: MIT
using Lockbox.Storage.Postgres;
using Lockbox.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Lockbox.Storage;

/// <summary>
/// Where the index lives (configuration section <c>Store</c>). Blobs are files under <see cref="BlobDirectory"/> with either
/// engine (docs/decisions/0026), except small ones, stored in the index (<see cref="InlineBlobBytes"/>); the cross-node
/// signal and locks come from here too (docs/decisions/0029).
/// </summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section these settings bind to.</summary>
    public const string Section = "Store";

    /// <summary>The engine. <see cref="StoreProvider.Sqlite"/> unless set.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>
    /// The Npgsql connection string for <see cref="StoreProvider.Postgres"/> (for example
    /// <c>Host=db;Database=lockbox;Username=lockbox;Password=...;Maximum Pool Size=20</c>); ignored for SQLite.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Where message blobs live; <c>DATA/blobs</c> unless set. Several nodes on PostgreSQL point this at one shared
    /// mount and keep their own data directories for node-local files (docs/decisions/0029).
    /// </summary>
    public string? BlobDirectory { get; set; }

    /// <summary>
    /// A message blob of at most this many bytes (ciphertext for an encrypted user) is stored in the index database with its
    /// row, in the row's one transaction, instead of as a file: no file creation and no fsync of its own per delivery
    /// (docs/decisions/0036). 64 KiB by default (the blob write buffer); 0 makes every blob a file.
    /// </summary>
    public int InlineBlobBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// SQLite only: how long a writer waits for another process's write lock (the LDA, a CLI verb, a backup) before it gives
    /// up; a delivery is then deferred with 4xx and the MTA retries (docs/decisions/0035). Whole seconds, at least one;
    /// 30 by default.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>The default <see cref="BusyTimeout"/>.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The blob store's directory for a node whose data directory is <paramref name="dataDirectory"/>.</summary>
    public string BlobRoot(string dataDirectory) =>
        string.IsNullOrWhiteSpace(BlobDirectory) ? Path.Combine(dataDirectory, "blobs") : Path.GetFullPath(BlobDirectory);

    /// <summary>
    /// How young an unreferenced blob or temp file must be for the startup check to leave it: on PostgreSQL other nodes
    /// may be between a blob's write and its row's commit (docs/decisions/0029); SQLite's one node waits for its own.
    /// </summary>
    public TimeSpan OrphanGrace => Provider == StoreProvider.Postgres ? InFlightGrace : TimeSpan.Zero;

    /// <summary>
    /// Longer than any writer takes from a blob's last write to its row's commit (seconds), so an unreferenced blob or temp
    /// file this old is a leftover, not a write in progress, whichever process or node made it (docs/decisions/0029, 0038).
    /// </summary>
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// How often a running server looks for leftovers older than <see cref="InFlightGrace"/> (docs/decisions/0038): a blob
    /// whose row was never committed, or whose removal failed, is removed without waiting for a restart. One day unless
    /// set; zero turns the sweep off (the startup check still runs); at most <see cref="MaxSweepInterval"/>.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The longest <see cref="SweepInterval"/>: a timer's period must stay under 49.7 days, and a month is plenty.</summary>
    public static readonly TimeSpan MaxSweepInterval = TimeSpan.FromDays(30);

    /// <summary>Other nodes' committed changes (PostgreSQL LISTEN/NOTIFY), or null for SQLite, whose one node signals in process.</summary>
    public IMailboxChangeFeed? CreateChangeFeed(ILoggerFactory loggers) =>
        Provider == StoreProvider.Postgres && !string.IsNullOrWhiteSpace(ConnectionString)
            ? new PostgresChangeListener(ConnectionString, loggers.CreateLogger<PostgresChangeListener>())
            : null;

    /// <summary>Locks across nodes (PostgreSQL advisory locks), or null for SQLite, where a lock file in the data directory spans every process.</summary>
    public INodeLocks? CreateNodeLocks() =>
        Provider == StoreProvider.Postgres && !string.IsNullOrWhiteSpace(ConnectionString) ? new PostgresNodeLocks(ConnectionString) : null;

    /// <summary>The store these settings name; SQLite's file is <c>lockbox.db</c> in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="StoreUnavailableException">PostgreSQL is chosen without a connection string, SQLite's busy timeout
    /// is under a second, or the sweep interval is out of range: no store to open (a delivery is deferred, not bounced,
    /// while the configuration is wrong).</exception>
    public IMailStore Create(string dataDirectory) => Provider switch
    {
        _ when SweepInterval < TimeSpan.Zero || SweepInterval > MaxSweepInterval =>
            throw new StoreUnavailableException($"Store:SweepInterval is {SweepInterval}; it must be from 00:00:00 (never) to {MaxSweepInterval}"),
        StoreProvider.Postgres when string.IsNullOrWhiteSpace(ConnectionString) =>
            throw new StoreUnavailableException("Store:Provider is postgres, but Store:ConnectionString is not set"),
        StoreProvider.Postgres => CreatePostgres(ConnectionString!),
        _ when BusyTimeout < TimeSpan.FromSeconds(1) =>
            throw new StoreUnavailableException($"Store:BusyTimeout is {BusyTimeout}; it must be at least 00:00:01"),
        _ => new SqliteMailStore(Path.Combine(dataDirectory, "lockbox.db"), BusyTimeout),
    };

    static PostgresMailStore CreatePostgres(string connectionString)
    {
        try
        {
            return new PostgresMailStore(connectionString);
        }
        catch (ArgumentException e)
        {
            // The message names the offending keyword, never the string: it may hold a password.
            throw new StoreUnavailableException($"Store:ConnectionString is not usable: {e.Message}", e);
        }
    }
}
