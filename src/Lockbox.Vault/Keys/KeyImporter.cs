// SPDX-License-Identifier: MIT
using Lockbox.Crypto;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Sessions;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault.Keys;

/// <summary>
/// <c>key import</c> (issue 5, item 3; docs/decisions/0018): a user's own key becomes their active key. Everything is
/// checked first (format, key policy, the password, the key's own passphrase, what happens to keys the server holds),
/// then one store transaction replaces the active key, so a refused key leaves the previous key and all mail as they
/// were. Older keys stay in the history for older mail, as after a rotation. The gpg protection of an imported secret
/// key is never stored: the key is opened and protected again with Argon2id.
/// </summary>
public sealed class KeyImporter
{
    readonly IMailStore _store;
    readonly Argon2Settings _argon2;
    readonly UnlockGate _unlockGate;
    readonly SessionService _sessions;
    readonly EscrowKeeper _escrow;

    internal KeyImporter(IMailStore store, IOptions<VaultOptions> options, UnlockGate unlockGate, SessionService sessions, EscrowKeeper escrow)
    {
        _escrow = escrow;
        _store = store;
        _argon2 = options.Value.Argon2Settings();
        _unlockGate = unlockGate;
        _sessions = sessions;
    }

    /// <summary>
    /// Imports <paramref name="keyData"/> (armored or binary, one key) for <paramref name="address"/>. A keypair is
    /// opened with <paramref name="keyPassphrase"/> when given (mode b), else with <paramref name="password"/> (mode a);
    /// a public key alone makes the user zero-access (mode c). <paramref name="password"/> is the user's login password
    /// in every mode: it is checked first, and it keeps working for login.
    /// </summary>
    /// <exception cref="VaultException">
    /// No such user; not one OpenPGP key; the key policy rejects it (every reason, each naming its rule); a wrong password
    /// or passphrase; or a combination <see cref="KeyImportOptions"/> and the user's state do not allow. Nothing changed then.
    /// </exception>
    public async Task<KeyImportResult> ImportAsync(
        string address, byte[] keyData, string password, string? keyPassphrase, KeyImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var user = await _store.RequireUserAsync(address, cancellationToken);
        var imported = Read(keyData);
        var verdict = new KeyPolicy().Evaluate(imported.Certificate, DateTime.UtcNow);
        if (!verdict.Accepted)
        {
            throw new VaultException($"key {verdict.Fingerprint} is refused by the key policy: {string.Join("; ", verdict.Reasons)}");
        }

        var keys = await _store.GetKeysAsync(user.Id, cancellationToken);
        if (keys.Any(k => k.Fingerprint == imported.Certificate.Fingerprint))
        {
            throw new VaultException($"key {imported.Certificate.Fingerprint} is already in {user.Address}'s key history");
        }

        await CheckPasswordAsync(user, keys, password, cancellationToken);
        return imported.HasSecretKey
            ? await ImportKeypairAsync(user, keys, imported, password, keyPassphrase, options, cancellationToken)
            : await ImportPublicKeyAsync(user, keys, imported, password, keyPassphrase, options, cancellationToken);
    }

    async Task<KeyImportResult> ImportKeypairAsync(
        UserRecord user, IReadOnlyList<UserKeyRecord> keys, ImportedKey imported, string password, string? keyPassphrase, KeyImportOptions options,
        CancellationToken cancellationToken)
    {
        if (options.DiscardServerKey)
        {
            throw new VaultException("--discard-server-key goes with a public key only; a keypair keeps the older keys for older mail");
        }

        if (user.Encryption == EncryptionState.PublicKeyOnly)
        {
            throw new VaultException(
                $"{user.Address} is zero-access: its mail is encrypted to keys the server does not hold, so a server-held key could not read it; import a public key instead");
        }

        if (TwoPasswordMode.IsOn(user))
        {
            throw new VaultException($"{user.Address}'s keys have their own passphrase (two-password mode): turn it off before importing a keypair");
        }

        var mode = keyPassphrase is null ? KeyImportMode.MailboxPassword
            : options.KeepPassphrase ? KeyImportMode.SeparatePassphrase
            : KeyImportMode.OtherPassphrase;
        if (mode == KeyImportMode.SeparatePassphrase && keyPassphrase == password)
        {
            throw new VaultException("--keep-passphrase needs a key passphrase that differs from the login password");
        }

        if (options.KeepPassphrase && keyPassphrase is null)
        {
            throw new VaultException("--keep-passphrase needs the key's passphrase on the second line of standard input");
        }

        await _escrow.RequireReadyAsync(user.Address, cancellationToken);
        var unlocked = await UnlockAsync(imported, keyPassphrase ?? password, keyPassphrase is null, cancellationToken);
        try
        {
            var keySecret = mode == KeyImportMode.SeparatePassphrase ? keyPassphrase! : password;
            var envelope = await _unlockGate.RunAsync(() => KeyProtector.Protect(unlocked, keySecret, _argon2), cancellationToken);
            // Older keys follow the new one's protection, so one secret opens the whole history (as a password change does).
            var older = new Dictionary<long, byte[]?>();
            if (mode == KeyImportMode.SeparatePassphrase)
            {
                foreach (var key in keys.Where(k => k.ProtectedSecretKey is not null))
                {
                    older[key.Id] = await _unlockGate.RunAsync(() => KeyProtector.ChangePassword(key.ProtectedSecretKey!, password, keySecret, _argon2), cancellationToken);
                }
            }

            var verifier = mode == KeyImportMode.SeparatePassphrase
                ? user.PasswordVerifier ?? await _unlockGate.RunAsync(() => PasswordVerifier.Create(password, _argon2), cancellationToken)
                : null;
            var fingerprint = unlocked.Certificate.Fingerprint;
            var result = new KeyImportResult(fingerprint, mode, keys.Count, 0);
            await _store.ReplaceActiveKeyAsync(
                user.Id, new KeyReplacement(new NewUserKey(fingerprint, unlocked.Certificate.ToBinary(), envelope), EncryptionState.Encrypted, verifier, older),
                AuditEntryFor(user, result), cancellationToken);
            // The escrow copy follows the new key, as after a rotation (docs/decisions/0019).
            await _escrow.RefreshAsync(await _store.FindUserAsync(user.Address, cancellationToken) ?? user, [unlocked], cancellationToken);
            // Open sessions of a user who already had a key read new mail with the imported one too (as after a rotation).
            if (user.Encryption == EncryptionState.Encrypted && mode != KeyImportMode.SeparatePassphrase && _sessions.AdoptRotatedKey(user.Id, unlocked))
            {
                unlocked = null;
            }

            return result;
        }
        finally
        {
            unlocked?.Dispose();
        }
    }

    async Task<KeyImportResult> ImportPublicKeyAsync(
        UserRecord user, IReadOnlyList<UserKeyRecord> keys, ImportedKey imported, string password, string? keyPassphrase, KeyImportOptions options,
        CancellationToken cancellationToken)
    {
        if (keyPassphrase is not null || options.KeepPassphrase)
        {
            throw new VaultException("the file holds a public key only: there is no key passphrase to give or keep");
        }

        var secretKeys = keys.Where(k => k.ProtectedSecretKey is not null).ToList();
        if (secretKeys.Count > 0 && !options.DiscardServerKey)
        {
            throw new VaultException(
                $"the server holds {secretKeys.Count} secret key(s) of {user.Address}, which read the mail stored so far; zero-access means the server keeps none. " +
                "Export them first (lockbox key export --secret), then import again with --discard-server-key");
        }

        // The login password keeps working, checked against a verifier like in two-password mode.
        var verifier = user.PasswordVerifier ?? await _unlockGate.RunAsync(() => PasswordVerifier.Create(password, _argon2), cancellationToken);
        var certificate = imported.Certificate;
        var discarded = secretKeys.ToDictionary(k => k.Id, _ => (byte[]?)null);
        var result = new KeyImportResult(certificate.Fingerprint, KeyImportMode.PublicKeyOnly, keys.Count, discarded.Count);
        await _store.ReplaceActiveKeyAsync(
            user.Id, new KeyReplacement(new NewUserKey(certificate.Fingerprint, certificate.ToBinary(), null), EncryptionState.PublicKeyOnly, verifier, discarded),
            AuditEntryFor(user, result), cancellationToken);
        return result;
    }

    static ImportedKey Read(byte[] keyData)
    {
        try
        {
            return KeyImport.Import(keyData);
        }
        catch (KeyFormatException e)
        {
            throw new VaultException($"not a usable OpenPGP key: {e.Message}", e);
        }
    }

    async Task<UnlockedKey> UnlockAsync(ImportedKey imported, string secret, bool isMailboxPassword, CancellationToken cancellationToken)
    {
        try
        {
            // gpg's S2K costs up to about a second per key: run it under the same gate as Argon2.
            return await _unlockGate.RunAsync(() => imported.Unlock(secret), cancellationToken);
        }
        catch (WrongPasswordException e)
        {
            throw new VaultException(VaultError.WrongKeyPassphrase, isMailboxPassword
                ? "the mailbox password does not open the key's secret part; if it has its own passphrase, give that on the second line of standard input"
                : "the key passphrase does not open the key's secret part", e);
        }
    }

    /// <summary>The login password, checked against what checks it today: the verifier, or the active secret key.</summary>
    async Task CheckPasswordAsync(UserRecord user, IReadOnlyList<UserKeyRecord> keys, string password, CancellationToken cancellationToken)
    {
        if (user.PasswordVerifier is { } verifier)
        {
            if (!await _unlockGate.RunAsync(() => PasswordVerifier.Verify(verifier, password), cancellationToken))
            {
                throw new VaultException(VaultError.WrongPassword, "the password is wrong");
            }

            return;
        }

        var active = keys.FirstOrDefault(k => k.IsActive && k.ProtectedSecretKey is not null)
            ?? throw new VaultException($"{user.Address} has neither a password verifier nor a secret key to check the password with");
        try
        {
            using var opened = await _unlockGate.RunAsync(() => KeyProtector.Unlock(active.ProtectedSecretKey, password), cancellationToken);
        }
        catch (WrongPasswordException e)
        {
            throw new VaultException(VaultError.WrongPassword, "the password is wrong", e);
        }
    }

    /// <summary>The <c>key-imported</c> entry, appended in the import's own transaction (a crash leaves both or neither).</summary>
    static AuditEntry AuditEntryFor(UserRecord user, KeyImportResult result)
    {
        var mode = result.Mode switch
        {
            KeyImportMode.MailboxPassword => "keypair under the mailbox password",
            KeyImportMode.OtherPassphrase => "keypair re-protected from its own passphrase to the mailbox password",
            KeyImportMode.SeparatePassphrase => "keypair kept under its own passphrase (two-password mode)",
            _ => "public key only (zero-access)",
        };
        var detail = $"mode {mode}; new active key {result.Fingerprint}; {result.KeptKeys} older key(s) kept for older mail";
        if (result.DiscardedSecretKeys > 0)
        {
            detail += $"; secret parts of {result.DiscardedSecretKeys} older key(s) removed from the server";
        }

        return new AuditEntry(user.Address, "key-imported", detail);
    }
}
