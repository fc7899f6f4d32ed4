// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>
/// The credential version (schema v11, docs/decisions/0027) and the audit entries that commit with key and consent
/// changes: each operation raises the version and appends its entry in its own transaction, and a refused
/// operation does neither.
/// </summary>
public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task Every_change_to_what_checks_the_password_or_opens_the_keys_raises_the_credential_version()
    {
        var user = await Store.CreateUserAsync("versions@example.org", EncryptionState.None, [1], null, Ct);
        var seen = new List<long> { await VersionAsync(user) };

        await Store.UpdateCredentialsAsync(user.Id, new Dictionary<long, byte[]>(), [2], passwordChanged: true, Audit(user), Ct);
        seen.Add(await VersionAsync(user));
        await Store.StartEncryptionAsync(user.Id, new NewUserKey("V1", [1], [0x11]), "encryption-enabled", "test", Ct);
        seen.Add(await VersionAsync(user));
        await Store.AddKeyAsync(user.Id, new NewUserKey("V2", [2], [0x22]), Entry(user, "key-rotated"), Ct);
        seen.Add(await VersionAsync(user));
        var keys = await Store.GetKeysAsync(user.Id, Ct);
        await Store.RestoreKeysAsync(user.Id, keys.ToDictionary(k => k.Id, _ => new byte[] { 0xEE }), Entry(user, "escrow-restored"), Ct);
        seen.Add(await VersionAsync(user));
        await Store.ReplaceActiveKeyAsync(
            user.Id, new KeyReplacement(new NewUserKey("V3", [3], null), EncryptionState.PublicKeyOnly, [3], keys.ToDictionary(k => k.Id, _ => (byte[]?)null)),
            Entry(user, "key-imported"), Ct);
        seen.Add(await VersionAsync(user));

        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        // What does not change a credential leaves the version alone.
        await Store.PutEscrowCopiesAsync(user.Id, EscrowChoice.Undecided, EscrowChoice.Consented, [], null, Ct);
        Assert.Equal(seen[^1], await VersionAsync(user));
        Assert.Equal(seen[^1], Assert.Single(await Store.ListUsersAsync(Ct)).CredentialVersion);
    }

    [Fact]
    public async Task A_rotation_and_an_import_append_their_entry_with_the_key_and_a_refused_one_appends_none()
    {
        var (user, keys) = await UserWithTwoKeysAsync("keyaudit@example.org");
        var version = await VersionAsync(user);

        // The same fingerprint twice breaks the key history's uniqueness: the whole rotation rolls back.
        await Assert.ThrowsAnyAsync<Exception>(() => Store.AddKeyAsync(user.Id, new NewUserKey(keys[0].Fingerprint, [9], [9]), Entry(user, "refused-rotation"), Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => Store.ReplaceActiveKeyAsync(
            user.Id, new KeyReplacement(new NewUserKey("CCCC", [3], [3]), EncryptionState.Encrypted, null, new Dictionary<long, byte[]?> { [keys[0].Id + 1000] = null }),
            Entry(user, "refused-import"), Ct));
        await Store.ReplaceActiveKeyAsync(
            user.Id, new KeyReplacement(new NewUserKey("DDDD", [4], [4]), EncryptionState.Encrypted, null, new Dictionary<long, byte[]?>()), Entry(user, "key-imported"), Ct);

        Assert.Equal(["key-rotated", "key-imported"], (await Store.ListAuditAsync(user.Address, Ct)).Select(r => r.Event));
        Assert.Equal(version + 1, await VersionAsync(user));
        Assert.Equal(3, (await Store.GetKeysAsync(user.Id, Ct)).Count);
    }

    [Fact]
    public async Task Consent_appends_its_entry_with_the_choice_and_a_refused_one_records_neither()
    {
        var (user, keys) = await UserWithTwoKeysAsync("consent@example.org");
        var other = await Store.CreateUserAsync("someone@example.org", EncryptionState.None, null, null, Ct);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.PutEscrowCopiesAsync(other.Id, EscrowChoice.Undecided, EscrowChoice.Consented, [new(keys[0].Id, "M", [1])], Entry(other, "escrow-consent"), Ct));
        await Store.PutEscrowCopiesAsync(user.Id, EscrowChoice.Undecided, EscrowChoice.Consented, [new(keys[0].Id, "M", [1])], Entry(user, "escrow-consent"), Ct);

        Assert.Equal(EscrowChoice.Undecided, await Store.GetEscrowChoiceAsync(other.Id, Ct));
        Assert.Empty(await Store.ListAuditAsync(other.Address, Ct));
        Assert.Equal(["key-rotated", "escrow-consent"], (await Store.ListAuditAsync(user.Address, Ct)).Select(r => r.Event));
    }

    [Fact]
    public async Task Entries_appended_inside_changes_keep_the_hash_chain_linked()
    {
        var (user, keys) = await UserWithTwoKeysAsync("chain@example.org");
        await Store.AppendAuditAsync(user.Address, "standalone", "between", Ct);
        await Store.PutEscrowCopiesAsync(user.Id, EscrowChoice.Undecided, EscrowChoice.Consented, [new(keys[0].Id, "M", [1])], Entry(user, "escrow-consent"), Ct);
        await Store.DeleteEscrowCopiesAsync(user.Id, EscrowChoice.OptedOut, OptOutEntry(user), Ct);

        var records = await Store.ListAuditAsync(null, Ct);
        var previous = AuditChain.Genesis;
        foreach (var record in records)
        {
            Assert.Equal(previous, record.PreviousHash);
            Assert.Equal(AuditChain.Hash(previous, record.Sequence, record.TimeUtc, record.Address, record.Event, record.Detail), record.Hash);
            previous = record.Hash;
        }

        Assert.Equal(["key-rotated", "standalone", "escrow-consent", "escrow-opt-out"], records.Select(r => r.Event));
    }

    static AuditEntry Entry(UserRecord user, string eventName) => new(user.Address, eventName, "test");

    async Task<long> VersionAsync(UserRecord user) => (await Store.FindUserAsync(user.Address, Ct))!.CredentialVersion;
}
