// SPDX-License-Identifier: MIT
using Lockbox.Storage.Postgres;

namespace Lockbox.Storage.Tests.Postgres;

public sealed class PostgresMailboxHierarchyTests : MailboxHierarchyContractTests
{
    PostgresTestDatabase? _database;

    protected override async Task<IMailStore> CreateStoreAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
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
