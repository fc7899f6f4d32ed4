// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>The contract for escrow copies, the escrow choice and the restore state (schema v10, docs/decisions/0019).</summary>
public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task Escrow_copies_are_kept_per_key_replaced_in_place_and_refused_for_another_users_key()
    {
        var (user, keys) = await UserWithTwoKeysAsync("escrow@example.org");
        var other = await Store.CreateUserAsync("other@example.org", EncryptionState.None, null, null, Ct);
        Assert.Equal(EscrowChoice.Undecided, await Store.GetEscrowChoiceAsync(user.Id, Ct));

        await Store.PutEscrowCopiesAsync(user.Id, EscrowChoice.Undecided, EscrowChoice.Consented, [new(keys[0].Id, "M1", [1, 2]), new(keys[1].Id, "M1", [3])], null, Ct);
        await Store.PutEscrowCopiesAsync(user.Id, EscrowChoice.Consented, null, [new(keys[1].Id, "M2", [4, 5, 6])], null, Ct);

        Assert.Equal(EscrowChoice.Consented, await Store.GetEscrowChoiceAsync(user.Id, Ct));
        var copies = await Store.GetEscrowCopiesAsync(user.Id, Ct);
        Assert.Equal(2, copies.Count);
        Assert.Equal("M1:0102", Describe(copies.Single(c => c.Fingerprint == keys[0].Fingerprint)));
        Assert.Equal("M2:040506", Describe(copies.Single(c => c.Fingerprint == keys[1].Fingerprint)));
        await Assert.ThrowsAnyAsync<Exception>(() => Store.PutEscrowCopiesAsync(other.Id, EscrowChoice.Undecided, null, [new(keys[0].Id, "M1", [9])], null, Ct));
        Assert.Empty(await Store.GetEscrowCopiesAsync(other.Id, Ct));
    }

    [Fact]
    public async Task Deleting_escrow_copies_records_the_choice_and_counts_what_went()
    {
        var (user, keys) = await UserWithTwoKeysAsync("optout@example.org");
        await Store.PutEscrowCopiesAsync(user.Id, EscrowChoice.Undecided, null, [.. keys.Select(k => new NewEscrowCopy(k.Id, "M", [7]))], null, Ct);

        Assert.Equal(2, await Store.DeleteEscrowCopiesAsync(user.Id, EscrowChoice.OptedOut, OptOutEntry(user), Ct));

        Assert.Empty(await Store.GetEscrowCopiesAsync(user.Id, Ct));
        Assert.Equal(EscrowChoice.OptedOut, await Store.GetEscrowChoiceAsync(user.Id, Ct));
        Assert.Equal(0, await Store.DeleteEscrowCopiesAsync(user.Id, EscrowChoice.OptedOut, OptOutEntry(user), Ct));
        Assert.Equal(["opted out: 2", "opted out: 0"], (await Store.ListAuditAsync(user.Address, Ct)).Where(r => r.Event == "escrow-opt-out").Select(r => r.Detail));
    }

    [Fact]
    public async Task A_copy_write_decided_on_a_choice_read_before_an_opt_out_writes_nothing_after_it()
    {
        var (user, keys) = await UserWithTwoKeysAsync("race@example.org");
        await Store.PutEscrowCopiesAsync(user.Id, EscrowChoice.Undecided, EscrowChoice.Consented, [new(keys[0].Id, "M", [1])], null, Ct);
        // A login reads the choice (consented: copies are kept), then the opt-out commits before its write.
        var read = await Store.GetEscrowChoiceAsync(user.Id, Ct);
        await Store.DeleteEscrowCopiesAsync(user.Id, EscrowChoice.OptedOut, OptOutEntry(user), Ct);

        Assert.False(await Store.PutEscrowCopiesAsync(user.Id, read, null, [.. keys.Select(k => new NewEscrowCopy(k.Id, "M", [7]))], null, Ct));
        Assert.False(await Store.PutEscrowCopiesAsync(user.Id, EscrowChoice.Undecided, null, [new(keys[1].Id, "M", [8])], Entry(user, "stale"), Ct));

        Assert.Equal(EscrowChoice.Consented, read);
        Assert.Empty(await Store.GetEscrowCopiesAsync(user.Id, Ct));
        Assert.Equal(EscrowChoice.OptedOut, await Store.GetEscrowChoiceAsync(user.Id, Ct));
        Assert.DoesNotContain(await Store.ListAuditAsync(user.Address, Ct), r => r.Event == "stale");
        Assert.True(await Store.PutEscrowCopiesAsync(user.Id, EscrowChoice.OptedOut, EscrowChoice.Consented, [new(keys[1].Id, "M", [9])], null, Ct));
        Assert.Single(await Store.GetEscrowCopiesAsync(user.Id, Ct));
    }

    [Fact]
    public async Task A_restore_replaces_the_keys_drops_the_verifier_and_requires_a_new_password_until_a_password_change_commits()
    {
        var (user, keys) = await UserWithTwoKeysAsync("restore@example.org", verifier: [42]);
        Assert.False(await Store.IsPasswordChangeRequiredAsync(user.Id, Ct));

        await Store.RestoreKeysAsync(user.Id, keys.ToDictionary(k => k.Id, k => new byte[] { (byte)k.Id, 0xEE }), new AuditEntry(user.Address, "escrow-restored", "test"), Ct);

        Assert.True(await Store.IsPasswordChangeRequiredAsync(user.Id, Ct));
        Assert.Contains(await Store.ListAuditAsync(user.Address, Ct), r => r.Event == "escrow-restored");
        Assert.Null((await Store.FindUserAsync(user.Address, Ct))!.PasswordVerifier);
        Assert.All(await Store.GetKeysAsync(user.Id, Ct), k => Assert.Equal(new byte[] { (byte)k.Id, 0xEE }, k.ProtectedSecretKey));
        // A key passphrase set under the one-time password is no password of the user's own: the mark stays.
        var restored = await Store.GetKeysAsync(user.Id, Ct);
        await Store.UpdateCredentialsAsync(user.Id, restored.ToDictionary(k => k.Id, _ => new byte[] { 0xAA }), [7], passwordChanged: false,
            new AuditEntry(user.Address, "key-passphrase-set", "test"), Ct);
        Assert.True(await Store.IsPasswordChangeRequiredAsync(user.Id, Ct));
        // The password change ends the mark in its own transaction (issue 8, kill -9 during a password change: a crash
        // after the keys' commit must not leave logins demanding a change the keys already went through).
        await Store.UpdateCredentialsAsync(user.Id, restored.ToDictionary(k => k.Id, _ => new byte[] { 0xBB }), null, passwordChanged: true,
            new AuditEntry(user.Address, "password-changed", "test"), Ct);
        Assert.False(await Store.IsPasswordChangeRequiredAsync(user.Id, Ct));
    }

    /// <summary>The opt-out entry, naming the count the deleting transaction saw.</summary>
    static Func<int, AuditEntry> OptOutEntry(UserRecord user) => deleted => new(user.Address, "escrow-opt-out", $"opted out: {deleted}");

    static string Describe(EscrowCopyRecord copy) => $"{copy.MasterFingerprint}:{Convert.ToHexString(copy.Copy)}";

    async Task<(UserRecord User, IReadOnlyList<UserKeyRecord> Keys)> UserWithTwoKeysAsync(string address, byte[]? verifier = null)
    {
        var user = await Store.CreateUserAsync(address, EncryptionState.Encrypted, verifier, new NewUserKey("AAAA" + address, [1], [0xA1]), Ct);
        await Store.AddKeyAsync(user.Id, new NewUserKey("BBBB" + address, [2], [0xB2]), new AuditEntry(address, "key-rotated", "test"), Ct);
        return (user, await Store.GetKeysAsync(user.Id, Ct));
    }
}
