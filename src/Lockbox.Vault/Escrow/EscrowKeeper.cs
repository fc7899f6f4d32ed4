// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Policy;
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault.Escrow;

/// <summary>
/// Keeps users' escrow copies current (issue 5, item 6; docs/decisions/0019). Every place that creates or
/// unlocks a user's secret key calls <see cref="RefreshAsync"/> with the unlocked key(s), and every place that
/// is about to create one calls <see cref="RequireReadyAsync"/> first: user creation, key rotation, opt-in
/// (<c>user encrypt</c>), key import, consent and login. A copy is the unprotected key encrypted to the installed
/// master public key, one per key of the user's history, so a recovery reads all of their mail.
/// </summary>
public sealed class EscrowKeeper
{
    readonly IMailStore _store;
    readonly EscrowMaster _master;
    readonly EscrowPolicy _policy;
    readonly ILogger<EscrowKeeper> _logger;
    readonly UnlockGate _gate;

    internal EscrowKeeper(IMailStore store, EscrowMaster master, EscrowPolicy policy, UnlockGate gate, ILogger<EscrowKeeper> logger)
    {
        _gate = gate;
        _store = store;
        _master = master;
        _policy = policy;
        _logger = logger;
    }

    /// <summary>
    /// Call before generating or importing a key. With <c>Escrow:Mode</c> mandatory and no master key installed it
    /// refuses, so that no key exists that the provider promised to be able to recover and cannot.
    /// </summary>
    /// <exception cref="VaultException">Mandatory escrow and no master key.</exception>
    internal async Task RequireReadyAsync(string address, CancellationToken cancellationToken)
    {
        if (_policy.Mode == EscrowMode.Mandatory && await _master.LoadAsync(cancellationToken) is null)
        {
            throw new VaultException(
                $"Escrow:Mode is mandatory and no escrow master key is installed, so no key can be made for {address}: run lockbox escrow install-master first");
        }
    }

    /// <summary>
    /// Writes an escrow copy of each of <paramref name="unlockedKeys"/> (keys of <paramref name="user"/>, stored
    /// already) that has none under the installed master key, when the mode and the user's choice keep copies.
    /// The keys stay the caller's.
    /// </summary>
    internal Task<EscrowRefresh> RefreshAsync(UserRecord user, IReadOnlyList<UnlockedKey> unlockedKeys, CancellationToken cancellationToken) =>
        WriteAsync(user, null, unlockedKeys, null, cancellationToken);

    /// <summary>
    /// As <see cref="RefreshAsync"/>, recording <paramref name="choice"/> and <paramref name="audit"/> in the same
    /// transaction (consent). Neither is recorded when no copy is kept (<see cref="EscrowRefresh.NotKept"/>,
    /// <see cref="EscrowRefresh.NoMaster"/>) or the user's choice changed meanwhile (<see cref="EscrowRefresh.ChoiceChanged"/>).
    /// </summary>
    internal async Task<EscrowRefresh> WriteAsync(
        UserRecord user, EscrowChoice? choice, IReadOnlyList<UnlockedKey> unlockedKeys, AuditEntry? audit, CancellationToken cancellationToken)
    {
        // The decision rests on the choice read here; the store writes only while it is still the stored one, so an
        // opt-out committing meanwhile is never followed by a copy (docs/decisions/0019).
        var stored = await _store.GetEscrowChoiceAsync(user.Id, cancellationToken);
        if (!_policy.KeepsCopy(choice ?? stored))
        {
            return EscrowRefresh.NotKept;
        }

        var master = await _master.LoadAsync(cancellationToken);
        if (master is null)
        {
            EscrowLog.NoMaster(_logger, _policy.Name, user.Address);
            return EscrowRefresh.NoMaster;
        }

        var keys = await _store.GetKeysAsync(user.Id, cancellationToken);
        var current = (await _store.GetEscrowCopiesAsync(user.Id, cancellationToken))
            .Where(c => c.MasterFingerprint == master.Fingerprint)
            .Select(c => c.KeyId)
            .ToHashSet();
        var copies = new List<NewEscrowCopy>();
        foreach (var key in unlockedKeys)
        {
            var record = keys.FirstOrDefault(k => k.Fingerprint == key.Certificate.Fingerprint)
                ?? throw new InvalidOperationException($"key {key.Certificate.Fingerprint} is not stored for {user.Address}");
            if (!current.Contains(record.Id))
            {
                copies.Add(new NewEscrowCopy(record.Id, master.Fingerprint, EscrowWrap.Wrap(key, master)));
            }
        }

        if (copies.Count == 0 && choice is null)
        {
            return EscrowRefresh.UpToDate;
        }

        if (!await _store.PutEscrowCopiesAsync(user.Id, stored, choice, copies, audit, cancellationToken))
        {
            EscrowLog.ChoiceChanged(_logger, user.Address);
            return EscrowRefresh.ChoiceChanged;
        }

        EscrowLog.CopiesWritten(_logger, copies.Count, user.Address, master.Fingerprint);
        return copies.Count == 0 ? EscrowRefresh.UpToDate : EscrowRefresh.Written;
    }

    /// <summary>
    /// At login, with the keys just unlocked: copies missing since the master key was installed or replaced are
    /// made now. A failure here is logged and does not fail the login.
    /// </summary>
    internal async Task RefreshAtLoginAsync(UserRecord user, IReadOnlyList<UnlockedKey> unlockedKeys, CancellationToken cancellationToken)
    {
        if (_policy.Mode == EscrowMode.Off)
        {
            return;
        }

        try
        {
            await RefreshAsync(user, unlockedKeys, cancellationToken);
        }
        catch (Exception e) when (e is VaultException or StoreUnavailableException)
        {
            EscrowLog.LoginRefreshFailed(_logger, e, user.Address);
        }
    }

    /// <summary>
    /// After a password change (whose transaction ended the one-time-password state of an escrow restore): makes the copies
    /// that are missing, unlocking with <paramref name="keySecret"/> (null in two-password mode, where the login password
    /// opens no key) only the keys that need one, so a change costs no extra Argon2 run when all copies exist.
    /// </summary>
    internal async Task PasswordChangedAsync(UserRecord user, string? keySecret, CancellationToken cancellationToken)
    {
        if (keySecret is null || !_policy.KeepsCopy(await _store.GetEscrowChoiceAsync(user.Id, cancellationToken))
            || await _master.LoadAsync(cancellationToken) is not { } master)
        {
            return;
        }

        var copied = (await _store.GetEscrowCopiesAsync(user.Id, cancellationToken)).Where(c => c.MasterFingerprint == master.Fingerprint).Select(c => c.KeyId).ToHashSet();
        var missing = (await _store.GetKeysAsync(user.Id, cancellationToken)).Where(k => k.ProtectedSecretKey is not null && !copied.Contains(k.Id)).ToList();
        var unlocked = new List<UnlockedKey>();
        try
        {
            foreach (var key in missing)
            {
                unlocked.Add(await _gate.RunAsync(() => KeyProtector.Unlock(key.ProtectedSecretKey, keySecret), cancellationToken));
            }

            await RefreshAsync(user, unlocked, cancellationToken);
        }
        catch (WrongPasswordException e)
        {
            // The change just re-protected every key under this secret; a key it does not open is damaged.
            throw new VaultException($"the password changed, but a key of {user.Address} does not open with it to make its escrow copy", e);
        }
        finally
        {
            unlocked.ForEach(k => k.Dispose());
        }
    }

    /// <summary>Why the user has no complete set of escrow copies, in one line; null when every secret key has one.</summary>
    internal async Task<string?> MissingReasonAsync(UserRecord user, IReadOnlyList<UserKeyRecord> secretKeys, IReadOnlyList<EscrowCopyRecord> copies, CancellationToken cancellationToken)
    {
        if (secretKeys.All(k => copies.Any(c => c.KeyId == k.Id)))
        {
            return null;
        }

        var choice = await _store.GetEscrowChoiceAsync(user.Id, cancellationToken);
        var missing = secretKeys.First(k => copies.All(c => c.KeyId != k.Id)).Fingerprint;
        return _policy.Mode == EscrowMode.Off && copies.Count == 0 ? $"Escrow:Mode is off: there is no escrow copy of {user.Address}'s key"
            : choice == EscrowChoice.OptedOut && _policy.Mode != EscrowMode.Mandatory ? $"{user.Address} opted out of escrow: no copy of their key exists"
            : !_policy.KeepsCopy(choice) ? $"{user.Address} has not consented to escrow (Escrow:Mode is {_policy.Name}): no copy of key {missing} exists"
            : await _master.LoadAsync(cancellationToken) is null ? $"no escrow master key is installed, so no copy of {user.Address}'s key {missing} was made"
            : $"key {missing} of {user.Address} has no escrow copy yet: it is made at the user's next login or password change";
    }
}
