// SPDX-License-Identifier: MIT
using Lockbox.Storage.Postgres;

namespace Lockbox.Storage.Tests.Postgres;

/// <summary>The contract suite on PostgreSQL, and what is particular to it: several nodes writing at once.</summary>
public sealed class PostgresMailStoreTests : MailStoreContractTests
{
    PostgresTestDatabase? _database;

    PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override async Task<IMailStore> CreateStoreAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Ct);
        return new PostgresMailStore(_database.ConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
