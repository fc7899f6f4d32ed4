// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>What the key portal's background runner reads (docs/decisions/0021) in the store contract.</summary>
public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task Unfinished_opt_ins_are_listed_oldest_first_until_their_migration_is_done()
    {
        var first = await Store.CreateUserAsync("wim@example.org", EncryptionState.None, [1], null, Ct);
        var second = await Store.CreateUserAsync("xia@example.org", EncryptionState.None, [1], null, Ct);
        await Store.CreateUserAsync("yan@example.org", EncryptionState.None, [1], null, Ct);
        Assert.Empty(await Store.ListUnfinishedEncryptionsAsync(Ct));
        await Store.StartEncryptionAsync(first.Id, new NewUserKey("F1", [1], [2]), "encryption-enabled", "d", Ct);
        await Store.StartEncryptionAsync(second.Id, new NewUserKey("F2", [1], [2]), "encryption-enabled", "d", Ct);
        await Store.SetEncryptionMigrationPhaseAsync(second.Id, EncryptionMigrationPhase.Scrubbing, Ct);

        Assert.Equal(["wim@example.org", "xia@example.org"], await Store.ListUnfinishedEncryptionsAsync(Ct));

        await Store.SetEncryptionMigrationPhaseAsync(first.Id, EncryptionMigrationPhase.Done, Ct);

        Assert.Equal(["xia@example.org"], await Store.ListUnfinishedEncryptionsAsync(Ct));
    }
}
