// SPDX-License-Identifier: MIT
using Lockbox.Crypto;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Policy;
using Lockbox.Vault.Quota;
using Lockbox.Vault.Sessions;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault.Accounts;

/// <summary>
/// Accounts and their keys: create, list, delete, change password, export keys. Every change is one
/// store transaction, so a crash leaves the old state or the new one, never a lost key.
/// </summary>
public sealed class AccountService
{
    readonly IMailStore _store;
    readonly MessageBlobs _blobs;
    readonly Argon2Settings _argon2;
    readonly UnlockGate _unlockGate;
    readonly EncryptionPolicy _policy;
    readonly SessionService _sessions;
    readonly EscrowKeeper _escrow;
    readonly StorageQuota _quota;

    internal AccountService(
        IMailStore store, MessageBlobs blobs, IOptions<VaultOptions> options, UnlockGate unlockGate, EncryptionPolicy policy, SessionService sessions,
        EscrowKeeper escrow, StorageQuota quota)
    {
        _quota = quota;
        _escrow = escrow;
        _sessions = sessions;
        _policy = policy;
        _store = store;
        _blobs = blobs;
        _argon2 = options.Value.Argon2Settings();
        _unlockGate = unlockGate;
    }

    /// <summary>
    /// Creates a user with the standard mailboxes. When encrypted, a Curve25519 key is generated and
    /// stored protected by <paramref name="password"/>; the password itself is never stored.
    /// <paramref name="encrypt"/> is the administrator's choice, or null for the policy's default
    /// (<see cref="EncryptionOptions.Mode"/>).
    /// </summary>
    /// <exception cref="VaultException">The address is malformed or taken, the password is empty, or the policy forbids the choice.</exception>
    public async Task<UserInfo> CreateUserAsync(string address, string password, bool? encrypt, CancellationToken cancellationToken)
    {
        ValidateAddress(address);
        ValidatePassword(password);
        var encrypted = _policy.EncryptsNewUser(address, encrypt);
        NewUserKey? key = null;
        byte[]? verifier = null;
        UnlockedKey? generated = null;
        try
        {
            if (encrypted)
            {
                await _escrow.RequireReadyAsync(address, cancellationToken);
                generated = KeyGenerator.Generate(address);
                var envelope = await _unlockGate.RunAsync(() => KeyProtector.Protect(generated, password, _argon2), cancellationToken);
                key = new NewUserKey(generated.Certificate.Fingerprint, generated.Certificate.ToBinary(), envelope);
            }
            else
            {
                verifier = await _unlockGate.RunAsync(() => PasswordVerifier.Create(password, _argon2), cancellationToken);
            }

            var user = await _store.CreateUserAsync(address, encrypted ? EncryptionState.Encrypted : EncryptionState.None, verifier, key, cancellationToken);
            if (generated is not null)
            {
                await _escrow.RefreshAsync(user, [generated], cancellationToken);
            }

            return await DescribeAsync(user, cancellationToken);
        }
        catch (StoreConflictException e)
        {
            throw new VaultException($"user {address} already exists", e);
        }
        finally
        {
            generated?.Dispose();
        }
    }

    public async Task<IReadOnlyList<UserInfo>> ListUsersAsync(CancellationToken cancellationToken)
    {
        var users = await _store.ListUsersAsync(cancellationToken);
        var described = new List<UserInfo>(users.Count);
        foreach (var user in users)
        {
            described.Add(await DescribeAsync(user, cancellationToken));
        }

        return described;
    }

    /// <summary>Deletes the user's rows, then every blob no other row references (issue 3: nothing left behind).</summary>
    public async Task DeleteUserAsync(string address, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        foreach (var blob in await _store.DeleteUserAsync(user.Id, cancellationToken))
        {
            await _blobs.DeleteAsync(blob, cancellationToken);
        }
    }

    /// <summary>
    /// Changes the password. The old one must be right; every secret key of the user is re-protected
    /// under the new one, and all of them are replaced in one transaction.
    /// </summary>
    /// <exception cref="VaultException">No such user, wrong old password, or empty new password.</exception>
    public async Task ChangePasswordAsync(string address, string oldPassword, string newPassword, CancellationToken cancellationToken)
    {
        ValidatePassword(newPassword);
        var user = await _store.RequireUserAsync(address, cancellationToken);
        var keys = await SecretKeysAsync(user, cancellationToken);
        // Two-password mode: the login password has only a verifier; the key keeps its own passphrase.
        if (keys.Count == 0 || TwoPasswordMode.IsOn(user))
        {
            if (!await VerifyPasswordAsync(user, oldPassword, cancellationToken))
            {
                throw new VaultException(VaultError.WrongPassword, "the old password is wrong");
            }

            var verifier = await _unlockGate.RunAsync(() => PasswordVerifier.Create(newPassword, _argon2), cancellationToken);
            await _store.UpdateCredentialsAsync(user.Id, new Dictionary<long, byte[]>(), verifier, passwordChanged: true,
                new AuditEntry(user.Address, "password-changed", "login password only; no key on this server is protected by it"), cancellationToken);
            await _escrow.PasswordChangedAsync(user, null, cancellationToken);
            return;
        }

        try
        {
            await _store.UpdateCredentialsAsync(user.Id, await ReprotectAsync(keys, oldPassword, newPassword, cancellationToken), null, passwordChanged: true,
                new AuditEntry(user.Address, "password-changed", $"{keys.Count} secret key(s) re-protected"), cancellationToken);
            await _escrow.PasswordChangedAsync(user, newPassword, cancellationToken);
        }
        catch (WrongPasswordException e)
        {
            // Issue 5, item 4: say why there is no administrator reset, so nobody looks for one.
            throw new VaultException(VaultError.WrongPassword,
                "the old password is wrong; the mailbox key is protected by it, so no administrator can set a new password without it (only escrow recovery can, where the user consented)", e);
        }
    }

    /// <summary>
    /// Turns two-password mode on, changes its passphrase, or turns it off (<paramref name="newPassphrase"/>
    /// null: the key is protected by the login password again). <paramref name="keySecret"/> is what protects
    /// the key now: the login password, or the current passphrase. One transaction, like a password change.
    /// </summary>
    /// <exception cref="VaultException">No such user, no key, a wrong password or secret, or a passphrase equal to the password.</exception>
    public async Task SetKeyPassphraseAsync(string address, string password, string keySecret, string? newPassphrase, CancellationToken cancellationToken)
    {
        if (newPassphrase is not null)
        {
            ValidatePassword(newPassphrase);
            if (newPassphrase == password)
            {
                throw new VaultException("the key passphrase must differ from the login password");
            }
        }

        var user = await _store.RequireUserAsync(address, cancellationToken);
        var keys = await SecretKeysAsync(user, cancellationToken);
        if (user.Encryption != EncryptionState.Encrypted || keys.Count == 0)
        {
            throw new VaultException($"{address} has no secret key on this server to protect");
        }

        if (TwoPasswordMode.IsOn(user) ? !await VerifyPasswordAsync(user, password, cancellationToken) : password != keySecret)
        {
            throw new VaultException(VaultError.WrongPassword, "the login password is wrong");
        }

        try
        {
            var reprotected = await ReprotectAsync(keys, keySecret, newPassphrase ?? password, cancellationToken);
            var verifier = newPassphrase is null ? null : await _unlockGate.RunAsync(() => PasswordVerifier.Create(password, _argon2), cancellationToken);
            await _store.UpdateCredentialsAsync(user.Id, reprotected, verifier, passwordChanged: false,
                new AuditEntry(user.Address, newPassphrase is null ? "key-passphrase-removed" : "key-passphrase-set", $"{keys.Count} secret key(s) re-protected"),
                cancellationToken);
        }
        catch (WrongPasswordException e)
        {
            throw new VaultException(VaultError.WrongPassword, "the key's current password or passphrase is wrong", e);
        }
    }

    /// <summary>
    /// Key rotation (issue 5, item 7): a new Curve25519 key, protected by the same secret, becomes the active
    /// key, so new mail is encrypted to it alone; older keys stay, protected, for older mail. Sessions open
    /// now get the new key too. <paramref name="keySecret"/> is the login password, or the key passphrase in
    /// two-password mode.
    /// </summary>
    /// <exception cref="VaultException">No such user, no secret key here, or a wrong secret.</exception>
    public async Task<UserInfo> RotateKeyAsync(string address, string keySecret, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        var active = (await SecretKeysAsync(user, cancellationToken)).FirstOrDefault(k => k.IsActive);
        if (user.Encryption != EncryptionState.Encrypted || active is null)
        {
            throw new VaultException($"{address} has no secret key on this server to rotate");
        }

        try
        {
            // The new key gets the same protection, so the secret must be the one that opens the current key.
            using var current = await _unlockGate.RunAsync(() => KeyProtector.Unlock(active.ProtectedSecretKey, keySecret), cancellationToken);
        }
        catch (WrongPasswordException e)
        {
            throw new VaultException(VaultError.WrongPassword, "the password (or key passphrase) is wrong", e);
        }

        await _escrow.RequireReadyAsync(address, cancellationToken);
        var generated = KeyGenerator.Generate(address);
        try
        {
            var envelope = await _unlockGate.RunAsync(() => KeyProtector.Protect(generated, keySecret, _argon2), cancellationToken);
            var fingerprint = generated.Certificate.Fingerprint;
            await _store.AddKeyAsync(user.Id, new NewUserKey(fingerprint, generated.Certificate.ToBinary(), envelope),
                new AuditEntry(user.Address, "key-rotated", $"new active key {fingerprint}; {active.Fingerprint} kept for older mail"), cancellationToken);
            await _escrow.RefreshAsync(user, [generated], cancellationToken);
            if (_sessions.AdoptRotatedKey(user.Id, generated))
            {
                generated = null;
            }

            return await DescribeAsync(user, cancellationToken);
        }
        finally
        {
            generated?.Dispose();
        }
    }

    /// <summary>Every key of the user's history under the new secret (issue 5, item 4).</summary>
    /// <exception cref="WrongPasswordException"><paramref name="oldSecret"/> does not open a key.</exception>
    async Task<Dictionary<long, byte[]>> ReprotectAsync(IReadOnlyList<UserKeyRecord> keys, string oldSecret, string newSecret, CancellationToken cancellationToken)
    {
        var reprotected = new Dictionary<long, byte[]>();
        foreach (var key in keys)
        {
            try
            {
                reprotected[key.Id] = await _unlockGate.RunAsync(
                    () => KeyProtector.ChangePassword(key.ProtectedSecretKey!, oldSecret, newSecret, _argon2), cancellationToken);
            }
            catch (ProtectedKeyFormatException e)
            {
                throw new VaultException($"the stored secret key {key.Fingerprint} is damaged: {e.Message}", e);
            }
        }

        return reprotected;
    }

    /// <summary>The active public key, armored, or null if the user has none.</summary>
    public async Task<string?> ExportPublicKeyAsync(string address, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        var active = (await _store.GetKeysAsync(user.Id, cancellationToken)).FirstOrDefault(k => k.IsActive);
        return active is null ? null : PublicCertificate.Parse(active.PublicKey).ToArmored();
    }

    /// <summary>
    /// The active secret key, armored and protected for gpg 2.2 with the same password (iterated and
    /// salted SHA-256, AES-256), so the user can open the exported mailbox with gpg alone.
    /// </summary>
    /// <exception cref="VaultException">No such user, no secret key, or a wrong password.</exception>
    public async Task<string> ExportSecretKeyAsync(string address, string password, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        var active = (await SecretKeysAsync(user, cancellationToken)).FirstOrDefault(k => k.IsActive)
            ?? throw new VaultException($"user {address} has no secret key on this server");
        try
        {
            using var key = await _unlockGate.RunAsync(() => KeyProtector.Unlock(active.ProtectedSecretKey, password), cancellationToken);
            return GpgExport.ExportSecretKey(key, password);
        }
        catch (WrongPasswordException e)
        {
            throw new VaultException(VaultError.WrongPassword, "the password is wrong", e);
        }
        catch (ProtectedKeyFormatException e)
        {
            throw new VaultException($"the stored secret key {active.Fingerprint} is damaged: {e.Message}", e);
        }
    }

    async Task<bool> VerifyPasswordAsync(UserRecord user, string password, CancellationToken cancellationToken) =>
        user.PasswordVerifier is { } verifier &&
        await _unlockGate.RunAsync(() => PasswordVerifier.Verify(verifier, password), cancellationToken);

    /// <summary>The user's keys whose secret part this server holds (all of the key history, active or not).</summary>
    async Task<List<UserKeyRecord>> SecretKeysAsync(UserRecord user, CancellationToken cancellationToken) =>
        [.. (await _store.GetKeysAsync(user.Id, cancellationToken)).Where(k => k.ProtectedSecretKey is not null)];

    async Task<UserInfo> DescribeAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var active = (await _store.GetKeysAsync(user.Id, cancellationToken)).FirstOrDefault(k => k.IsActive);
        PublicCertificate? certificate = null;
        try
        {
            certificate = active is null ? null : PublicCertificate.Parse(active.PublicKey);
        }
        catch (KeyFormatException e)
        {
            // Damaged in the database: delivery fails closed on it (4xx); the listing says so instead of failing.
            return new UserInfo(user.Address, Describe(user.Encryption), active!.Fingerprint, "unreadable", user.CreatedUtc, null,
                $"the active key cannot be read ({e.Message}): new mail is deferred", user.StoredBytes, _quota.LimitOf(user));
        }

        return new UserInfo(user.Address, Describe(user.Encryption), active?.Fingerprint, certificate?.PrimaryAlgorithm, user.CreatedUtc,
            certificate?.EncryptionExpiresUtc, certificate is null ? null : EncryptionKeyChoice.Warning(certificate, _policy.ExpiredKey, DateTime.UtcNow),
            user.StoredBytes, _quota.LimitOf(user));
    }

    static string Describe(EncryptionState encryption) => encryption switch
    {
        EncryptionState.Encrypted => "encrypted",
        EncryptionState.PublicKeyOnly => "public-key-only",
        _ => "none",
    };

    static void ValidateAddress(string address)
    {
        var at = address.LastIndexOf('@');
        if (address.Length > 254 || at <= 0 || at == address.Length - 1 || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new VaultException($"not a valid mail address: {address}");
        }
    }

    static void ValidatePassword(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new VaultException("the password must not be empty");
        }
    }
}
