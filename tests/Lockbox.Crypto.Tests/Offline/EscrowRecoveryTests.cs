// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Offline;
using Lockbox.Crypto.Protection;

namespace Lockbox.Crypto.Tests.Offline;

/// <summary>The offline half of a recovery (docs/decisions/0019): request in, keys under a one-time password out.</summary>
public sealed class EscrowRecoveryTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    readonly MasterSecretKey _master = MasterKeyCeremony.Generate();

    [Fact]
    public async Task Every_key_of_the_request_comes_back_under_the_one_time_password_through_a_json_round_trip()
    {
        using var older = KeyGenerator.Generate("dora@example.org");
        using var newer = KeyGenerator.Generate("dora@example.org");
        var request = Request(_master.PublicKey, (older, older.Certificate.Fingerprint), (newer, newer.Certificate.Fingerprint));
        var oneTimePassword = EscrowRecovery.NewOneTimePassword();

        var response = await EscrowRecovery.RecoverAsync(
            EscrowDocument.Parse(request.ToJson(), EscrowDocument.RequestKind), _master, oneTimePassword, Argon2Settings.Default, Ct);
        var parsed = EscrowDocument.Parse(response.ToJson(), EscrowDocument.ResponseKind);

        Assert.Equal((request.RequestId, "dora@example.org"), (parsed.RequestId, parsed.Address));
        Assert.Equal([older.Certificate.Fingerprint, newer.Certificate.Fingerprint], parsed.Keys.Select(k => k.Fingerprint));
        foreach (var entry in parsed.Keys)
        {
            using var unlocked = KeyProtector.Unlock(entry.Data, oneTimePassword);
            Assert.Equal(entry.Fingerprint, unlocked.Certificate.Fingerprint);
            Assert.Throws<WrongPasswordException>(() => KeyProtector.Unlock(entry.Data, "not it"));
        }
    }

    [Fact]
    public async Task A_request_for_another_master_key_or_a_copy_of_another_key_is_refused()
    {
        using var user = KeyGenerator.Generate("ed@example.org");
        using var stranger = KeyGenerator.Generate("eve@example.org");
        using var otherMaster = MasterKeyCeremony.Generate();

        var forOther = Request(otherMaster.PublicKey, (user, user.Certificate.Fingerprint));
        var swapped = Request(_master.PublicKey, (stranger, user.Certificate.Fingerprint));

        var wrongMaster = await Assert.ThrowsAsync<EscrowFormatException>(() => EscrowRecovery.RecoverAsync(forOther, _master, "x", Argon2Settings.Default, Ct));
        Assert.Contains(otherMaster.Fingerprint, wrongMaster.Message, StringComparison.Ordinal);
        var wrongKey = await Assert.ThrowsAsync<EscrowFormatException>(() => EscrowRecovery.RecoverAsync(swapped, _master, "x", Argon2Settings.Default, Ct));
        Assert.Contains($"holds key {stranger.Certificate.Fingerprint}", wrongKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_time_passwords_are_four_groups_of_five_unambiguous_symbols_and_differ()
    {
        var passwords = Enumerable.Range(0, 20).Select(_ => EscrowRecovery.NewOneTimePassword()).ToList();

        Assert.All(passwords, p => Assert.Matches("^[A-HJKMNP-Z2-9]{5}(-[A-HJKMNP-Z2-9]{5}){3}$", p));
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public void A_response_is_not_taken_for_a_request()
    {
        using var user = KeyGenerator.Generate("fay@example.org");
        var response = Request(_master.PublicKey, (user, user.Certificate.Fingerprint)).Answer([new EscrowEntry(user.Certificate.Fingerprint, [1])]);

        var refused = Assert.Throws<EscrowFormatException>(() => EscrowDocument.Parse(response.ToJson(), EscrowDocument.RequestKind));

        Assert.Contains($"expected a {EscrowDocument.RequestKind} document, found {EscrowDocument.ResponseKind}", refused.Message, StringComparison.Ordinal);
    }

    static EscrowDocument Request(MasterPublicKey master, params (UnlockedKey Key, string ListedAs)[] keys) =>
        new(EscrowDocument.RequestKind, Guid.NewGuid().ToString("N"), "dora@example.org", master.Fingerprint, DateTime.UtcNow,
            [.. keys.Select(k => new EscrowEntry(k.ListedAs, EscrowWrap.Wrap(k.Key, master)))]);
}
