// SPDX-License-Identifier: MIT
using Lockbox.Crypto;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Consent;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Contracts;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault.Accounts;

/// <summary>
/// Opt-in with a server-generated key (issue 5, item 2; docs/decisions/0017). A cleartext user, or an administrator with
/// the user's password, agrees to <see cref="ConsentTexts.Encryption"/>; Vault checks the password, generates a key like
/// <c>user add --encrypt</c>, protects it with the password and, in one transaction, makes it the active key, switches
/// the user to encrypted and records the consent. Mail delivered from then on is encrypted; the mail already stored is
/// encrypted by the migration job (<see cref="ContinueAsync"/>), which resumes where a crashed run stopped.
/// </summary>
public sealed class EncryptionOptIn
{
    readonly IMailStore _store;
    readonly Argon2Settings _argon2;
    readonly UnlockGate _unlockGate;
    readonly Recovery.DeliveryLock _deliveryLock;
    readonly CleartextMigration _migration;
    readonly EscrowKeeper _escrow;

    internal EncryptionOptIn(
        IMailStore store, IOptions<VaultOptions> options, UnlockGate unlockGate, Recovery.DeliveryLock deliveryLock, CleartextMigration migration, EscrowKeeper escrow)
    {
        _escrow = escrow;
        _store = store;
        _argon2 = options.Value.Argon2Settings();
        _unlockGate = unlockGate;
        _deliveryLock = deliveryLock;
        _migration = migration;
    }

    /// <summary>The text to show before <see cref="OptInAsync"/>; its label goes into the audit entry.</summary>
    public static ConsentText Consent => ConsentTexts.Encryption;

    /// <summary>
    /// Turns encryption on for <paramref name="address"/> with <paramref name="password"/> (checked against the stored
    /// verifier). When encryption is already on from an opt-in whose migration has not finished (a crashed run), the
    /// password is checked by unlocking the key and the pending status is returned, so the caller continues it.
    /// </summary>
    /// <exception cref="VaultException">No such user, a wrong password, or encryption already on (with nothing left to migrate).</exception>
    public async Task<EncryptionMigrationStatus> OptInAsync(string address, string password, ConsentActor actor, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        if (user.Encryption != EncryptionState.None)
        {
            return await PendingAsync(user, password, cancellationToken);
        }

        if (user.PasswordVerifier is not { } verifier || !await _unlockGate.RunAsync(() => PasswordVerifier.Verify(verifier, password), cancellationToken))
        {
            throw new VaultException(VaultError.WrongPassword, "the password is wrong");
        }

        await _escrow.RequireReadyAsync(user.Address, cancellationToken);
        using var generated = KeyGenerator.Generate(user.Address);
        var envelope = await _unlockGate.RunAsync(() => KeyProtector.Protect(generated, password, _argon2), cancellationToken);
        var fingerprint = generated.Certificate.Fingerprint;
        EncryptionMigrationRecord job;
        try
        {
            // Exclusive: a cleartext delivery in flight finishes first (its row is migrated with the others), and every
            // delivery after the commit reads the user as encrypted.
            using var exclusive = await _deliveryLock.AcquireExclusiveAsync(cancellationToken);
            job = await _store.StartEncryptionAsync(
                user.Id, new NewUserKey(fingerprint, generated.Certificate.ToBinary(), envelope), "encryption-enabled",
                $"{actor.Describe()} agreed to {Consent.Label}; key {fingerprint} generated and protected by the password; existing mail is being encrypted",
                cancellationToken);
        }
        catch (StoreConflictException e)
        {
            throw new VaultException($"{address} has encryption on already", e);
        }

        // Escrow:Mode decides whether the provider keeps a copy (docs/decisions/0019); a login later fills in one missed here.
        await _escrow.RefreshAsync(user, [generated], cancellationToken);
        return CleartextMigration.Describe(job);
    }

    /// <summary>
    /// Runs the user's migration to its end (or continues it after a crash): every cleartext message encrypted, then the
    /// cleartext removed from the disk. <paramref name="progress"/> is told after each message.
    /// </summary>
    /// <exception cref="VaultException">No such user, or no migration to run.</exception>
    public async Task<EncryptionMigrationStatus> ContinueAsync(string address, IProgress<EncryptionMigrationStatus>? progress, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        return await _migration.RunAsync(user, progress, cancellationToken);
    }

    /// <summary>The user's migration status for the web (issue 6), or null if encryption was not turned on by an opt-in.</summary>
    /// <exception cref="VaultException">No such user.</exception>
    public async Task<EncryptionMigrationStatus?> GetStatusAsync(string address, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        return await _store.GetEncryptionMigrationAsync(user.Id, cancellationToken) is { } job ? CleartextMigration.Describe(job) : null;
    }

    /// <summary>An encrypted user: their unfinished migration, after the password opened their key; else a refusal.</summary>
    async Task<EncryptionMigrationStatus> PendingAsync(UserRecord user, string password, CancellationToken cancellationToken)
    {
        var job = await _store.GetEncryptionMigrationAsync(user.Id, cancellationToken);
        var active = (await _store.GetKeysAsync(user.Id, cancellationToken)).FirstOrDefault(k => k.IsActive);
        if (job is null || job.Phase == EncryptionMigrationPhase.Done || active?.ProtectedSecretKey is null)
        {
            throw new VaultException($"{user.Address} has encryption on already");
        }

        try
        {
            using var key = await _unlockGate.RunAsync(() => KeyProtector.Unlock(active.ProtectedSecretKey, password), cancellationToken);
        }
        catch (WrongPasswordException e)
        {
            throw new VaultException(VaultError.WrongPassword, "the password is wrong", e);
        }

        return CleartextMigration.Describe(job);
    }
}
