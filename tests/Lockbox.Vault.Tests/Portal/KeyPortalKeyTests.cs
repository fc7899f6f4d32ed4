// SPDX-License-Identifier: MIT
using System.Text;
using System.Text.Json;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Vault.Tests.Keys;

namespace Lockbox.Vault.Tests.Portal;

/// <summary>The Security page's key upload and downloads through <see cref="IKeyPortal"/> (issue 6, item 3; decisions 0018, 0021).</summary>
public sealed class KeyPortalKeyTests
{
    const string Address = "karl@example.org";
    const string Password = PortalMail.Password;
    const string Passphrase = "a separate key passphrase";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_weak_gpg_key_is_rejected_naming_the_rule_and_the_key_and_nothing_changes()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var weak = await GpgKey.GenerateAsync(Address, "rsa1024", "never", DateTime.UtcNow, Ct);
        var portal = vault.Get<IKeyPortal>();
        var before = await KeysJsonAsync(vault);

        var check = await portal.CheckKeyAsync(Address, weak.PublicKey, Ct);
        var refused = await Assert.ThrowsAsync<KeyPortalException>(() => portal.ImportKeyAsync(Address, new KeyUpload(weak.PublicKey, Password, KeyUploadMode.PublicKeyOnly, DiscardServerKeys: true), Ct));

        Assert.False(check.Accepted);
        Assert.Empty(check.Modes);
        Assert.Equal(("RSA", 1024), (check.Key!.Algorithm, check.Key.Bits));
        Assert.Contains($"rejected: primary key 0x{weak.Fingerprint[^16..]} is RSA 1024 bits; the minimum is 2048", check.Reasons);
        Assert.Contains(weak.Fingerprint, check.Verdict, StringComparison.Ordinal);
        Assert.Equal(KeyPortalError.KeyRejected, refused.Error);
        Assert.Equal(check.Reasons, refused.Reasons);
        Assert.Equal(before, await KeysJsonAsync(vault));
    }

    [Fact]
    public async Task A_good_public_key_is_checked_without_change_then_imported_as_zero_access_once_the_server_keys_may_go()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var good = await GpgKey.GenerateAsync(Address, "rsa3072", "never", DateTime.UtcNow, Ct);
        var portal = vault.Get<IKeyPortal>();
        var before = await KeysJsonAsync(vault);

        var check = await portal.CheckKeyAsync(Address, good.PublicKey, Ct);

        Assert.True(check.Accepted, check.Verdict);
        Assert.Equal((good.Fingerprint, "RSA", 3072, "RSA", 3072), (check.Key!.Fingerprint, check.Key.Algorithm, check.Key.Bits, check.Key.EncryptionAlgorithm, check.Key.EncryptionBits));
        Assert.Equal((KeyFileContent.PublicKey, 1), (check.Content, check.ServerSecretKeysToDiscard));
        Assert.Equal([KeyUploadMode.PublicKeyOnly], check.Modes);
        Assert.Contains("zero-access", check.Verdict, StringComparison.Ordinal);
        Assert.Equal(before, await KeysJsonAsync(vault));

        var keep = await Assert.ThrowsAsync<KeyPortalException>(() => portal.ImportKeyAsync(Address, new KeyUpload(good.PublicKey, Password, KeyUploadMode.PublicKeyOnly), Ct));
        var asKeypair = await Assert.ThrowsAsync<KeyPortalException>(() => portal.ImportKeyAsync(Address, new KeyUpload(good.PublicKey, Password, KeyUploadMode.MailboxPassword), Ct));
        var wrong = await Assert.ThrowsAsync<KeyPortalException>(
            () => portal.ImportKeyAsync(Address, new KeyUpload(good.PublicKey, "wrong", KeyUploadMode.PublicKeyOnly, DiscardServerKeys: true), Ct));
        Assert.Equal((KeyPortalError.NotAllowed, KeyPortalError.InvalidInput, KeyPortalError.WrongPassword), (keep.Error, asKeypair.Error, wrong.Error));
        Assert.Equal(before, await KeysJsonAsync(vault));

        var imported = await portal.ImportKeyAsync(Address, new KeyUpload(good.PublicKey, Password, KeyUploadMode.PublicKeyOnly, DiscardServerKeys: true), Ct);

        Assert.Equal((good.Fingerprint, KeyUploadMode.PublicKeyOnly, 1, 1), (imported.Fingerprint, imported.Mode, imported.KeptKeys, imported.DiscardedSecretKeys));
        var status = await portal.GetStatusAsync(Address, Ct);
        Assert.Equal((MailboxProtection.ZeroAccess, good.Fingerprint, false), (status.Protection, status.Key!.Fingerprint, status.ServerHoldsSecretKey));
        // Zero-access: what needs a secret key on the server is refused in the page's words.
        var download = await Assert.ThrowsAsync<KeyPortalException>(() => portal.DownloadSecretKeyAsync(Address, Password, Ct));
        var encrypt = await Assert.ThrowsAsync<KeyPortalException>(() => portal.StartEncryptionAsync(Address, Password, "encryption v1", Ct));
        using var other = KeyGenerator.Generate(Address);
        var keypair = await portal.CheckKeyAsync(Address, Encoding.ASCII.GetBytes(GpgExport.ExportSecretKey(other, Password)), Ct);
        Assert.Equal((KeyPortalError.ZeroAccess, KeyPortalError.ZeroAccess), (download.Error, encrypt.Error));
        Assert.False(keypair.Accepted);
        Assert.Contains("zero-access", Assert.Single(keypair.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keypair_under_its_own_passphrase_is_offered_every_mode_and_a_wrong_passphrase_changes_nothing()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        using var own = KeyGenerator.Generate(Address);
        var file = Encoding.ASCII.GetBytes(GpgExport.ExportSecretKey(own, Passphrase));
        var portal = vault.Get<IKeyPortal>();
        var before = await KeysJsonAsync(vault);

        var check = await portal.CheckKeyAsync(Address, file, Ct);
        var asMailboxPassword = await Assert.ThrowsAsync<KeyPortalException>(() => portal.ImportKeyAsync(Address, new KeyUpload(file, Password, KeyUploadMode.MailboxPassword), Ct));
        var wrongPassphrase = await Assert.ThrowsAsync<KeyPortalException>(
            () => portal.ImportKeyAsync(Address, new KeyUpload(file, Password, KeyUploadMode.OtherPassphrase, "not it"), Ct));
        var noPassphrase = await Assert.ThrowsAsync<KeyPortalException>(() => portal.ImportKeyAsync(Address, new KeyUpload(file, Password, KeyUploadMode.OtherPassphrase), Ct));

        Assert.True(check.Accepted, check.Verdict);
        Assert.Equal(KeyFileContent.ProtectedKeypair, check.Content);
        Assert.Equal([KeyUploadMode.OtherPassphrase, KeyUploadMode.KeepPassphrase, KeyUploadMode.MailboxPassword], check.Modes);
        Assert.Equal(("EdDSA", "Ed25519", "ECDH", "Cv25519"), (check.Key!.Algorithm, check.Key.Curve, check.Key.EncryptionAlgorithm, check.Key.EncryptionCurve));
        Assert.Equal(
            (KeyPortalError.WrongKeyPassphrase, KeyPortalError.WrongKeyPassphrase, KeyPortalError.InvalidInput),
            (asMailboxPassword.Error, wrongPassphrase.Error, noPassphrase.Error));
        Assert.DoesNotContain("standard input", asMailboxPassword.Message, StringComparison.Ordinal);
        Assert.Equal(before, await KeysJsonAsync(vault));

        var imported = await portal.ImportKeyAsync(Address, new KeyUpload(file, Password, KeyUploadMode.OtherPassphrase, Passphrase), Ct);

        Assert.Equal((own.Certificate.Fingerprint, KeyUploadMode.OtherPassphrase, 1), (imported.Fingerprint, imported.Mode, imported.KeptKeys));
        Assert.Equal(own.Certificate.Fingerprint, (await portal.GetStatusAsync(Address, Ct)).Key!.Fingerprint);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        Assert.Equal(MailAccess.Decrypting, session.Access);
        var again = await portal.CheckKeyAsync(Address, file, Ct);
        Assert.Contains("already one of your keys", Assert.Single(again.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kept_passphrase_turns_two_password_mode_on_and_the_page_can_turn_it_off()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        using var own = KeyGenerator.Generate(Address);
        var portal = vault.Get<IKeyPortal>();

        await portal.ImportKeyAsync(Address, new KeyUpload(Encoding.ASCII.GetBytes(GpgExport.ExportSecretKey(own, Passphrase)), Password, KeyUploadMode.KeepPassphrase, Passphrase), Ct);

        Assert.True((await portal.GetStatusAsync(Address, Ct)).KeyPassphrase);
        await Assert.ThrowsAsync<KeyPassphraseRequiredException>(() => vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct));
        var wrong = await Assert.ThrowsAsync<KeyPortalException>(() => portal.RemoveKeyPassphraseAsync(Address, Password, "not it", Ct));
        Assert.Equal(KeyPortalError.WrongPassword, wrong.Error);

        await portal.RemoveKeyPassphraseAsync(Address, Password, Passphrase, Ct);

        Assert.False((await portal.GetStatusAsync(Address, Ct)).KeyPassphrase);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
    }

    [Fact]
    public async Task Downloads_give_the_public_key_and_after_the_password_the_secret_key_for_gpg_and_the_user_sees_it_in_the_log()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var user = await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var portal = vault.Get<IKeyPortal>();

        var publicKey = await portal.DownloadPublicKeyAsync(Address, Ct);
        var wrong = await Assert.ThrowsAsync<KeyPortalException>(() => portal.DownloadSecretKeyAsync(Address, "wrong", Ct));
        var unknown = await Assert.ThrowsAsync<KeyPortalException>(() => portal.DownloadSecretKeyAsync("nobody@example.org", "wrong", Ct));
        Assert.Empty(await vault.Get<IMailStore>().ListAuditAsync(Address, Ct));
        var secretKey = await portal.DownloadSecretKeyAsync(Address, Password, Ct);

        Assert.Equal(($"karl_example.org-{user.Fingerprint![^8..]}-public.asc", "application/pgp-keys"), (publicKey.FileName, publicKey.ContentType));
        Assert.Equal(user.Fingerprint, PublicCertificate.Parse(Encoding.ASCII.GetBytes(publicKey.Armored)).Fingerprint);
        Assert.Equal((KeyPortalError.WrongPassword, KeyPortalError.WrongPassword), (wrong.Error, unknown.Error));
        Assert.Equal(unknown.Message, wrong.Message);
        Assert.EndsWith("-secret.asc", secretKey.FileName, StringComparison.Ordinal);
        var imported = KeyImport.Import(Encoding.ASCII.GetBytes(secretKey.Armored));
        Assert.True(imported.IsPassphraseProtected);
        using (var opened = imported.Unlock(Password))
        {
            Assert.Equal(user.Fingerprint, opened.Certificate.Fingerprint);
        }

        var logged = Assert.Single(await portal.GetSecurityEventsAsync(Address, Ct));
        Assert.Equal(("secret-key-downloaded", "Secret key downloaded"), (logged.Event, logged.Title));
        Assert.Contains(user.Fingerprint, logged.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_no_key_gets_a_verdict_and_its_import_is_refused_as_invalid()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: false, Ct);
        var portal = vault.Get<IKeyPortal>();
        var garbage = Encoding.ASCII.GetBytes("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----\n");

        var check = await portal.CheckKeyAsync(Address, garbage, Ct);
        var refused = await Assert.ThrowsAsync<KeyPortalException>(() => portal.ImportKeyAsync(Address, new KeyUpload(garbage, Password, KeyUploadMode.PublicKeyOnly), Ct));
        var noUser = await Assert.ThrowsAsync<KeyPortalException>(() => portal.CheckKeyAsync("nobody@example.org", garbage, Ct));

        Assert.False(check.Accepted);
        Assert.Null(check.Key);
        Assert.StartsWith("This is not a usable OpenPGP key", check.Verdict, StringComparison.Ordinal);
        Assert.Equal((KeyPortalError.InvalidKey, KeyPortalError.NoSuchUser), (refused.Error, noUser.Error));
    }

    static async Task<string> KeysJsonAsync(VaultFixture vault)
    {
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        return JsonSerializer.Serialize(new { user.Encryption, user.PasswordVerifier, Keys = await store.GetKeysAsync(user.Id, Ct) });
    }
}
