// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>The engine behind <see cref="IMailStore"/> (<c>Store:Provider</c>).</summary>
public enum StoreProvider
{
    /// <summary>The embedded default: <c>DATA/lockbox.db</c>, one node.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by <c>Store:ConnectionString</c> (docs/decisions/0026).</summary>
    Postgres,
}
