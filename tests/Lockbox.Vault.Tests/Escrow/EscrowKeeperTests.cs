// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Offline;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Consent;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Escrow;

namespace Lockbox.Vault.Tests.Escrow;

/// <summary>Escrow copies follow the keys (issue 5, item 6; docs/decisions/0019): rotation, a late master key, opt-in.</summary>
public sealed class EscrowKeeperTests
{
    const string Address = "gina@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_rotated_in_after_consent_gets_its_own_copy_next_to_the_older_one()
    {
        await using var vault = await VaultFixture.CreateAsync(escrowMode: "opt-in");
        using var master = await InstallMasterAsync(vault);
        var accounts = vault.Get<AccountService>();
        await accounts.CreateUserAsync(Address, Password, encrypt: true, Ct);
        Assert.Empty(await CopiesAsync(vault));

        await vault.Get<EscrowService>().ConsentAsync(Address, Password, ConsentActor.Administrator, Ct);
        var rotated = await accounts.RotateKeyAsync(Address, Password, Ct);

        var copies = await CopiesAsync(vault);
        Assert.Equal(2, copies.Count);
        Assert.Contains(copies, c => c.Fingerprint == rotated.Fingerprint);
        Assert.All(copies, c => Assert.Equal(master.Fingerprint, c.MasterFingerprint));
    }

    [Fact]
    public async Task In_opt_out_mode_a_master_key_installed_later_reaches_every_key_at_the_users_next_login()
    {
        await using var vault = await VaultFixture.CreateAsync(escrowMode: "opt-out");
        var accounts = vault.Get<AccountService>();
        await accounts.CreateUserAsync(Address, Password, encrypt: true, Ct);
        await accounts.RotateKeyAsync(Address, Password, Ct);
        Assert.Empty(await CopiesAsync(vault));
        using var master = await InstallMasterAsync(vault);

        await using (await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct))
        {
        }

        var copies = await CopiesAsync(vault);
        Assert.Equal(2, copies.Count);
        foreach (var copy in copies)
        {
            using var key = await EscrowUnwrap.UnwrapAsync(copy.Copy, master, Ct);
            Assert.Equal(copy.Fingerprint, key.Certificate.Fingerprint);
        }
    }

    [Fact]
    public async Task Opt_in_mode_copies_nothing_without_consent_and_export_says_why()
    {
        await using var vault = await VaultFixture.CreateAsync(escrowMode: "opt-in");
        using var master = await InstallMasterAsync(vault);
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        await using (await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct))
        {
        }

        var refused = await Assert.ThrowsAsync<VaultException>(() => vault.Get<EscrowService>().ExportAsync(Address, Ct));

        Assert.Empty(await CopiesAsync(vault));
        Assert.Contains("has not consented to escrow (Escrow:Mode is opt-in)", refused.Message, StringComparison.Ordinal);
    }

    static async Task<MasterSecretKey> InstallMasterAsync(VaultFixture vault)
    {
        var master = MasterKeyCeremony.Generate();
        await vault.Get<EscrowMaster>().InstallAsync(Encoding.ASCII.GetBytes(master.PublicKey.ToArmored()), Ct);
        return master;
    }

    static async Task<IReadOnlyList<EscrowCopyRecord>> CopiesAsync(VaultFixture vault)
    {
        var store = vault.Get<IMailStore>();
        var user = await store.FindUserAsync(Address, Ct);
        return await store.GetEscrowCopiesAsync(user!.Id, Ct);
    }
}
