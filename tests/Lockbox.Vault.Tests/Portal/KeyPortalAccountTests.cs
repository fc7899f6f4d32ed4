// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Offline;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Consent;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Tests.Keys;

namespace Lockbox.Vault.Tests.Portal;

/// <summary>Status, consent, password, key passphrase, escrow and the audit entries through <see cref="IKeyPortal"/> (issue 6, item 3).</summary>
public sealed class KeyPortalAccountTests
{
    const string Address = "lena@example.org";
    const string Password = PortalMail.Password;
    const string NewPassword = "a brand new password";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_status_of_an_encrypted_user_names_the_key_its_algorithms_and_the_escrow_mode()
    {
        await using var vault = await VaultFixture.CreateAsync(escrowMode: "opt-out");
        var user = await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);

        var status = await vault.Get<IKeyPortal>().GetStatusAsync(Address, Ct);

        Assert.Equal((MailboxProtection.Encrypted, 1, true, false, false, false), (status.Protection, status.KeyHistory, status.ServerHoldsSecretKey, status.KeyPassphrase,
            status.PasswordChangeRequired, status.CanTurnOnEncryption));
        var key = status.Key!;
        Assert.Equal((user.Fingerprint, "EdDSA", (int?)null, "Ed25519", "ECDH", "Cv25519"), (key.Fingerprint, key.Algorithm, key.Bits, key.Curve, key.EncryptionAlgorithm, key.EncryptionCurve));
        Assert.Equal("Ed25519 primary, Cv25519 encryption subkey", key.Summary);
        Assert.Equal((true, false, (DateTime?)null), (key.CanEncrypt, key.ExpiresSoon, key.ExpiresUtc));
        Assert.Equal((EscrowServerMode.OptOut, EscrowUserChoice.Undecided, false, false, true), (status.Escrow.Mode, status.Escrow.Choice, status.Escrow.MasterKeyInstalled,
            status.Escrow.CanConsent, status.Escrow.CanOptOut));
        Assert.Null(status.Encryption);
        await Assert.ThrowsAsync<KeyPortalException>(() => vault.Get<IKeyPortal>().GetStatusAsync("nobody@example.org", Ct));
    }

    [Fact]
    public async Task A_key_expiring_within_30_days_carries_the_warning()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: false, Ct);
        var expiring = await GpgKey.GenerateAsync(Address, "10d", DateTime.UtcNow, Ct);
        var portal = vault.Get<IKeyPortal>();
        await portal.ImportKeyAsync(Address, new KeyUpload(expiring.PublicKey, Password, KeyUploadMode.PublicKeyOnly), Ct);

        var key = (await portal.GetStatusAsync(Address, Ct)).Key!;

        Assert.True(key.ExpiresSoon);
        Assert.InRange(key.ExpiresUtc!.Value, DateTime.UtcNow.AddDays(9), DateTime.UtcNow.AddDays(10.1));
        Assert.Contains("expires on", key.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_encryption_on_needs_the_current_text_and_the_password_and_records_the_user_as_the_one_who_agreed()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: false, Ct);
        var portal = vault.Get<IKeyPortal>();
        var text = await portal.GetConsentTextAsync(ConsentKind.Encryption, Ct);
        Assert.Equal((ConsentTexts.Encryption.Label, ConsentTexts.Encryption.Text), (text.Label, text.Text));
        Assert.True((await portal.GetStatusAsync(Address, Ct)).CanTurnOnEncryption);

        var outdated = await Assert.ThrowsAsync<KeyPortalException>(() => portal.StartEncryptionAsync(Address, Password, "encryption v0", Ct));
        var wrong = await Assert.ThrowsAsync<KeyPortalException>(() => portal.StartEncryptionAsync(Address, "wrong", text.Label, Ct));
        var unknown = await Assert.ThrowsAsync<KeyPortalException>(() => portal.StartEncryptionAsync("nobody@example.org", "wrong", text.Label, Ct));
        Assert.Equal((KeyPortalError.ConsentOutdated, KeyPortalError.WrongPassword, KeyPortalError.WrongPassword), (outdated.Error, wrong.Error, unknown.Error));
        Assert.Equal(MailboxProtection.Cleartext, (await portal.GetStatusAsync(Address, Ct)).Protection);

        var started = await portal.StartEncryptionAsync(Address, Password, text.Label, Ct);

        Assert.Equal((0, 0), (started.Done, started.Total));
        var entry = (await portal.GetSecurityEventsAsync(Address, Ct))[^1];
        Assert.Equal(("encryption-enabled", "Encryption turned on"), (entry.Event, entry.Title));
        Assert.StartsWith($"the user agreed to {text.Label};", entry.Detail, StringComparison.Ordinal);
        while (!(await portal.GetEncryptionProgressAsync(Address, Ct))!.Finished)
        {
            await Task.Delay(20, Ct);
        }

        var again = await Assert.ThrowsAsync<KeyPortalException>(() => portal.StartEncryptionAsync(Address, Password, text.Label, Ct));
        Assert.Equal(KeyPortalError.NotAllowed, again.Error);
        Assert.Equal(MailboxProtection.Encrypted, (await portal.GetStatusAsync(Address, Ct)).Protection);
    }

    [Fact]
    public async Task A_password_change_keeps_the_mail_and_a_wrong_or_empty_password_changes_nothing()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        await PortalMail.DeliverAsync(vault, Address, 2, Ct);
        var portal = vault.Get<IKeyPortal>();

        var wrong = await Assert.ThrowsAsync<KeyPortalException>(() => portal.ChangePasswordAsync(Address, "wrong", NewPassword, Ct));
        var empty = await Assert.ThrowsAsync<KeyPortalException>(() => portal.ChangePasswordAsync(Address, Password, "", Ct));
        Assert.Equal((KeyPortalError.WrongPassword, KeyPortalError.InvalidInput), (wrong.Error, empty.Error));
        Assert.Equal(2, (await PortalMail.ReadAllAsync(vault, Address, Password, Ct)).Count);

        await portal.ChangePasswordAsync(Address, Password, NewPassword, Ct);

        Assert.Equal(2, (await PortalMail.ReadAllAsync(vault, Address, NewPassword, Ct)).Count);
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct));
        Assert.Equal("password-changed", (await portal.GetSecurityEventsAsync(Address, Ct))[0].Event);
    }

    [Fact]
    public async Task After_an_escrow_restore_the_one_time_password_changes_to_a_new_one_and_the_log_shows_every_escrow_use_newest_first()
    {
        await using var vault = await VaultFixture.CreateAsync(escrowMode: "opt-in");
        using var master = MasterKeyCeremony.Generate();
        await vault.Get<EscrowMaster>().InstallAsync(Encoding.ASCII.GetBytes(master.PublicKey.ToArmored()), Ct);
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        await PortalMail.DeliverAsync(vault, Address, 1, Ct);
        var portal = vault.Get<IKeyPortal>();
        var consent = await portal.GetConsentTextAsync(ConsentKind.Escrow, Ct);
        Assert.True((await portal.GetStatusAsync(Address, Ct)).Escrow.CanConsent);

        Assert.Equal(1, await portal.ConsentToEscrowAsync(Address, Password, consent.Label, Ct));
        var escrow = vault.Get<EscrowService>();
        var request = EscrowDocument.Parse(await escrow.ExportAsync(Address, Ct), EscrowDocument.RequestKind);
        var oneTime = EscrowRecovery.NewOneTimePassword();
        var response = await EscrowRecovery.RecoverAsync(request, master, oneTime, Argon2Settings.Default, Ct);
        await escrow.RestoreAsync(Address, response.ToJson(), Ct);

        Assert.True((await portal.GetStatusAsync(Address, Ct)).PasswordChangeRequired);
        await Assert.ThrowsAsync<PasswordChangeRequiredException>(() => vault.Get<ISessionService>().OpenSessionAsync(Address, oneTime, Ct));
        await portal.ChangePasswordAsync(Address, oneTime, NewPassword, Ct);

        Assert.False((await portal.GetStatusAsync(Address, Ct)).PasswordChangeRequired);
        Assert.Single(await PortalMail.ReadAllAsync(vault, Address, NewPassword, Ct));
        var events = await portal.GetSecurityEventsAsync(Address, Ct);
        Assert.Equal(["password-changed", "escrow-restored", "escrow-exported", "escrow-consent"], events.Select(e => e.Event));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Sequence > p.Second.Sequence));
        Assert.StartsWith($"the user agreed to {consent.Label};", events[^1].Detail, StringComparison.Ordinal);
        Assert.Equal("Key recovered from escrow", events[1].Title);
    }

    [Fact]
    public async Task Escrow_choices_the_mode_forbids_are_refused_as_such()
    {
        await using var off = await VaultFixture.CreateAsync(escrowMode: "off");
        await off.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var consentOff = await Assert.ThrowsAsync<KeyPortalException>(() => off.Get<IKeyPortal>().ConsentToEscrowAsync(Address, Password, "escrow v1", Ct));
        await using var optIn = await VaultFixture.CreateAsync(escrowMode: "opt-in");
        await optIn.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var noMaster = await Assert.ThrowsAsync<KeyPortalException>(() => optIn.Get<IKeyPortal>().ConsentToEscrowAsync(Address, Password, "escrow v1", Ct));
        await using var mandatory = await VaultFixture.CreateAsync(escrowMode: "mandatory");
        await mandatory.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: false, Ct);
        var optOut = await Assert.ThrowsAsync<KeyPortalException>(() => mandatory.Get<IKeyPortal>().OptOutOfEscrowAsync(Address, Password, "escrow-opt-out v1", Ct));
        var encrypt = await Assert.ThrowsAsync<KeyPortalException>(() => mandatory.Get<IKeyPortal>().StartEncryptionAsync(Address, Password, "encryption v1", Ct));

        Assert.Equal(
            (KeyPortalError.EscrowMode, KeyPortalError.EscrowMode, KeyPortalError.EscrowMode, KeyPortalError.EscrowMode),
            (consentOff.Error, noMaster.Error, optOut.Error, encrypt.Error));
        Assert.Contains("escrow is off", consentOff.Message, StringComparison.Ordinal);
        Assert.False((await mandatory.Get<IKeyPortal>().GetStatusAsync(Address, Ct)).Escrow.CanOptOut);
    }

    [Fact]
    public async Task Opting_out_deletes_the_copies_and_the_user_sees_the_entry()
    {
        await using var vault = await VaultFixture.CreateAsync(escrowMode: "opt-out");
        using var master = MasterKeyCeremony.Generate();
        await vault.Get<EscrowMaster>().InstallAsync(Encoding.ASCII.GetBytes(master.PublicKey.ToArmored()), Ct);
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var portal = vault.Get<IKeyPortal>();
        var before = (await portal.GetStatusAsync(Address, Ct)).Escrow;
        var label = (await portal.GetConsentTextAsync(ConsentKind.EscrowOptOut, Ct)).Label;

        var wrong = await Assert.ThrowsAsync<KeyPortalException>(() => portal.OptOutOfEscrowAsync(Address, "wrong", label, Ct));
        var outdated = await Assert.ThrowsAsync<KeyPortalException>(() => portal.OptOutOfEscrowAsync(Address, Password, "escrow v1", Ct));
        Assert.Equal((KeyPortalError.WrongPassword, KeyPortalError.ConsentOutdated), (wrong.Error, outdated.Error));
        var deleted = await portal.OptOutOfEscrowAsync(Address, Password, label, Ct);

        Assert.Equal((true, 1), (before.CopiesKept, before.Copies));
        Assert.Equal(1, deleted);
        var after = (await portal.GetStatusAsync(Address, Ct)).Escrow;
        Assert.Equal((EscrowUserChoice.OptedOut, false, 0), (after.Choice, after.CopiesKept, after.Copies));
        var entry = (await portal.GetSecurityEventsAsync(Address, Ct))[0];
        Assert.Equal(("escrow-opt-out", "Opted out of key escrow"), (entry.Event, entry.Title));
        Assert.StartsWith($"the user was shown {label}", entry.Detail, StringComparison.Ordinal);
        Assert.Empty(await vault.Get<IMailStore>().GetEscrowCopiesAsync((await vault.Get<IMailStore>().FindUserAsync(Address, Ct))!.Id, Ct));
    }

    [Fact]
    public async Task A_separate_key_passphrase_is_set_changed_and_removed_with_the_right_secrets_only()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var portal = vault.Get<IKeyPortal>();
        const string First = "first key passphrase";
        const string Second = "second key passphrase";

        var same = await Assert.ThrowsAsync<KeyPortalException>(() => portal.SetKeyPassphraseAsync(Address, Password, null, Password, Ct));
        var wrong = await Assert.ThrowsAsync<KeyPortalException>(() => portal.SetKeyPassphraseAsync(Address, "wrong", null, First, Ct));
        Assert.Equal((KeyPortalError.InvalidInput, KeyPortalError.WrongPassword), (same.Error, wrong.Error));
        await portal.SetKeyPassphraseAsync(Address, Password, null, First, Ct);

        Assert.True((await portal.GetStatusAsync(Address, Ct)).KeyPassphrase);
        var missing = await Assert.ThrowsAsync<KeyPortalException>(() => portal.SetKeyPassphraseAsync(Address, Password, null, Second, Ct));
        Assert.Equal(KeyPortalError.InvalidInput, missing.Error);
        await portal.SetKeyPassphraseAsync(Address, Password, First, Second, Ct);
        await using (await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Second, Ct))
        {
        }

        await portal.RemoveKeyPassphraseAsync(Address, Password, Second, Ct);

        Assert.False((await portal.GetStatusAsync(Address, Ct)).KeyPassphrase);
        var off = await Assert.ThrowsAsync<KeyPortalException>(() => portal.RemoveKeyPassphraseAsync(Address, Password, Second, Ct));
        Assert.Equal(KeyPortalError.NotAllowed, off.Error);
        Assert.Equal(["key-passphrase-removed", "key-passphrase-set", "key-passphrase-set"], (await portal.GetSecurityEventsAsync(Address, Ct)).Select(e => e.Event));
    }
}
