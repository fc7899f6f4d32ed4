// SPDX-License-Identifier: MIT
using Lockbox.Storage.Sqlite;

namespace Lockbox.Storage.Tests.Sqlite;

public sealed class SqliteMailboxHierarchyTests : MailboxHierarchyContractTests
{
    readonly TempDirectory _directory = new();

    protected override Task<IMailStore> CreateStoreAsync() =>
        Task.FromResult<IMailStore>(new SqliteMailStore(Path.Combine(_directory.Path, "lockbox.db")));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
