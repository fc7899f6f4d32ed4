// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Policy;

namespace Lockbox.Vault.Portal;

/// <summary>Reads a user's <see cref="SecurityStatus"/> from the store, the policies and the background runner. Changes nothing.</summary>
internal sealed class SecurityStatusReader
{
    readonly IMailStore _store;
    readonly CertificateCache _certificates;
    readonly EncryptionPolicy _encryption;
    readonly EscrowPolicy _escrow;
    readonly EscrowMaster _master;
    readonly EncryptionRunner _runner;

    public SecurityStatusReader(
        IMailStore store, CertificateCache certificates, EncryptionPolicy encryption, EscrowPolicy escrow, EscrowMaster master, EncryptionRunner runner)
    {
        _store = store;
        _certificates = certificates;
        _encryption = encryption;
        _escrow = escrow;
        _master = master;
        _runner = runner;
    }

    public async Task<SecurityStatus> ReadAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var keys = await _store.GetKeysAsync(user.Id, cancellationToken);
        var secretKeys = keys.Where(k => k.ProtectedSecretKey is not null).ToList();
        var protection = user.Encryption switch
        {
            EncryptionState.Encrypted => MailboxProtection.Encrypted,
            EncryptionState.PublicKeyOnly => MailboxProtection.ZeroAccess,
            _ => MailboxProtection.Cleartext,
        };
        var escrow = await EscrowAsync(user, secretKeys, cancellationToken);
        return new SecurityStatus(
            user.Address, protection, Describe(keys.FirstOrDefault(k => k.IsActive)), keys.Count, secretKeys.Count > 0, TwoPasswordMode.IsOn(user),
            await _store.IsPasswordChangeRequiredAsync(user.Id, cancellationToken), user.Encryption == EncryptionState.None, escrow,
            await ProgressAsync(user, cancellationToken));
    }

    /// <summary>
    /// The opt-in job's progress: the store's counts (exact, and what survives a restart) joined with what the runner in
    /// this process reported, whichever is further, so the bar never moves back while the server runs.
    /// </summary>
    public async Task<EncryptionProgress?> ProgressAsync(UserRecord user, CancellationToken cancellationToken)
    {
        if (await _store.GetEncryptionMigrationAsync(user.Id, cancellationToken) is not { } record)
        {
            return null;
        }

        var status = CleartextMigration.Describe(record);
        var (running, error) = (false, (string?)null);
        if (_runner.Find(user.Id) is { } job)
        {
            var (latest, jobRunning, jobError) = job.Snapshot();
            status = latest is null ? status : EncryptionJob.Later(status, latest);
            (running, error) = (jobRunning && status.State != Contracts.EncryptionMigrationState.Done, jobError);
        }

        return new EncryptionProgress(status.State, status.Done, status.Total, running, error, record.StartedUtc, record.FinishedUtc);
    }

    KeyDetails? Describe(UserKeyRecord? active)
    {
        if (active is null)
        {
            return null;
        }

        try
        {
            var certificate = _certificates.Get(active.Fingerprint, active.PublicKey);
            var now = DateTime.UtcNow;
            return KeyDetailsReader.Describe(certificate, new KeyPolicy().Evaluate(certificate, now), _encryption.ExpiredKey, now);
        }
        catch (KeyFormatException e)
        {
            return KeyDetailsReader.Unreadable(active.Fingerprint, e.Message);
        }
    }

    async Task<EscrowStatus> EscrowAsync(UserRecord user, List<UserKeyRecord> secretKeys, CancellationToken cancellationToken)
    {
        var choice = await _store.GetEscrowChoiceAsync(user.Id, cancellationToken);
        var copies = await _store.GetEscrowCopiesAsync(user.Id, cancellationToken);
        bool masterInstalled;
        try
        {
            masterInstalled = await _master.LoadAsync(cancellationToken) is not null;
        }
        catch (VaultException)
        {
            // An unusable master key file makes no copies either; the administrator's commands say what is wrong with it.
            masterInstalled = false;
        }

        var kept = _escrow.KeepsCopy(choice) && secretKeys.Count > 0;
        var mode = _escrow.Mode switch
        {
            EscrowMode.OptIn => EscrowServerMode.OptIn,
            EscrowMode.OptOut => EscrowServerMode.OptOut,
            EscrowMode.Mandatory => EscrowServerMode.Mandatory,
            _ => EscrowServerMode.Off,
        };
        return new EscrowStatus(
            mode,
            choice switch { EscrowChoice.Consented => EscrowUserChoice.Consented, EscrowChoice.OptedOut => EscrowUserChoice.OptedOut, _ => EscrowUserChoice.Undecided },
            kept, copies.Count,
            kept ? secretKeys.Count(k => copies.All(c => c.KeyId != k.Id)) : 0, masterInstalled,
            CanConsent: mode != EscrowServerMode.Off && masterInstalled && secretKeys.Count > 0,
            CanOptOut: mode != EscrowServerMode.Mandatory && (choice != EscrowChoice.OptedOut || copies.Count > 0));
    }
}
