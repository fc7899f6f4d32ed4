// SPDX-License-Identifier: MIT
using Lockbox.Storage.Postgres;
using Lockbox.Storage.Sqlite;

namespace Lockbox.Storage;

/// <summary>
/// Where the index lives (configuration section <c>Store</c>). Blobs stay in the data directory's blob store with either
/// engine (docs/decisions/0026).
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

    /// <summary>The store these settings name; SQLite's file is <c>lockbox.db</c> in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="StoreUnavailableException">PostgreSQL is chosen without a connection string: no store to open (a
    /// delivery is deferred, not bounced, while the configuration is wrong).</exception>
    public IMailStore Create(string dataDirectory) => Provider switch
    {
        StoreProvider.Postgres when string.IsNullOrWhiteSpace(ConnectionString) =>
            throw new StoreUnavailableException("Store:Provider is postgres, but Store:ConnectionString is not set"),
        StoreProvider.Postgres => CreatePostgres(ConnectionString!),
        _ => new SqliteMailStore(Path.Combine(dataDirectory, "lockbox.db")),
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
