// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Lockbox.Crypto;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Mailbox;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Caching;
using Lockbox.Vault.Changes;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Delivery;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault.Sessions;

/// <summary>
/// Opens sessions: checks the password (by unlocking the key, or against the verifier of a user without
/// one), shares one unlocked state per user across their sessions, and drops it a grace period after
/// the last session ends. On the first login of a state it re-seals index records that arrived encrypted
/// to the public key under the mailbox key (<see cref="Resealer"/>).
/// </summary>
public sealed class SessionService : ISessionService, IDisposable
{
    readonly IMailStore _store;
    readonly MessageBlobs _blobs;
    readonly CertificateCache _certificates;
    readonly UnlockGate _gate;
    readonly Resealer _resealer;
    readonly DeliveryFunnel _funnel;
    readonly ILogger<SessionService> _logger;
    readonly TimeSpan _gracePeriod;
    readonly Dictionary<long, UnlockedUser> _unlocked = [];
    readonly UserUnlockLocks _unlocks = new();
    long _unlockRuns;
    readonly byte[] _tagKey = RandomNumberGenerator.GetBytes(32);
    readonly Lazy<byte[]> _decoyVerifier;
    readonly VaultOptions _options;
    readonly SearchIndex _searchIndex;
    readonly MailboxChanges _changes;
    readonly BlobReaper _reaper;
    readonly EscrowKeeper _escrow;

    internal SessionService(
        IMailStore store,
        MessageBlobs blobs,
        CertificateCache certificates,
        UnlockGate gate,
        DeliveryFunnel funnel,
        IOptions<VaultOptions> options,
        ILogger<SessionService> logger,
        MailboxChanges changes,
        EscrowKeeper escrow)
    {
        _escrow = escrow;
        _changes = changes;
        _reaper = new BlobReaper(blobs, logger);
        _funnel = funnel;
        _store = store;
        _blobs = blobs;
        _certificates = certificates;
        _gate = gate;
        _logger = logger;
        _resealer = new Resealer(store);
        _gracePeriod = options.Value.SessionGracePeriod;
        _options = options.Value;
        _searchIndex = new SearchIndex(store, blobs, options.Value.SearchTextLimit, options.Value.SearchPackAheadRows);
        var argon2 = options.Value.Argon2Settings();
        // Unknown users cost the same Argon2 run as known ones, so timing does not reveal which addresses exist.
        _decoyVerifier = new Lazy<byte[]>(() => PasswordVerifier.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), argon2));
    }

    /// <summary>Sending and drafts for the sessions it opens (docs/decisions/0025); without it they cannot send.</summary>
    internal Sending.Submission? Submission { get; init; }

    public Task<IMailSession> OpenSessionAsync(string address, string password, CancellationToken cancellationToken) =>
        OpenAsync(address, password, keyPassphrase: null, cancellationToken);

    public Task<IMailSession> OpenSessionAsync(string address, string password, string keyPassphrase, CancellationToken cancellationToken) =>
        OpenAsync(address, password, keyPassphrase, cancellationToken);

    async Task<IMailSession> OpenAsync(string address, string password, string? keyPassphrase, CancellationToken cancellationToken)
    {
        try
        {
            var session = await OpenCoreAsync(address, password, keyPassphrase, cancellationToken);
            VaultMetrics.Login(ok: true);
            return session;
        }
        catch (AuthenticationFailedException)
        {
            VaultMetrics.Login(ok: false);
            throw;
        }
        catch (StoreUnavailableException e)
        {
            // Neither a wrong password nor a server fault: the login may be retried (IMAP NO [UNAVAILABLE], web 503).
            throw MailSession.Unavailable(e);
        }
    }

    async Task<IMailSession> OpenCoreAsync(string address, string password, string? keyPassphrase, CancellationToken cancellationToken)
    {
        var user = await _store.FindUserAsync(address, cancellationToken);
        if (user is null)
        {
            await _gate.RunAsync(() => PasswordVerifier.Verify(_decoyVerifier.Value, password), cancellationToken);
            throw new AuthenticationFailedException("authentication failed");
        }

        // A passphrase given for a user without one changes nothing, so it must not split their shared state.
        var tag = PasswordTag(user.Id, password, TwoPasswordMode.IsOn(user) ? keyPassphrase : null);
        if (TryShare(user, tag, noteOutdated: true) is { } shared)
        {
            return shared;
        }

        using var turn = await _unlocks.AcquireAsync(user.Id, cancellationToken);
        // A login of the same user that held the turn before this one may have unlocked the key meanwhile.
        if (TryShare(user, tag, noteOutdated: false) is { } unlockedMeanwhile)
        {
            return unlockedMeanwhile;
        }

        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _unlockRuns);
        var state = await UnlockAsync(user, password, keyPassphrase, tag, cancellationToken);
        if (await _store.IsPasswordChangeRequiredAsync(user.Id, cancellationToken))
        {
            // Checked once the password proved right, so the answer tells a guesser nothing (docs/decisions/0019).
            state.Dispose();
            throw new PasswordChangeRequiredException(
                "This mailbox was recovered from escrow: set a new password first (webmail, or ask your provider), then log in with it");
        }

        lock (_unlocked)
        {
            if (_unlocked.TryGetValue(user.Id, out var raced) && raced.Admits(user, tag))
            {
                // Another login unlocked the same user meanwhile: keep one state.
                state.Dispose();
                state = raced;
            }
            else
            {
                if (raced is not null && raced.References == 0)
                {
                    raced.Dispose();
                }

                _unlocked[user.Id] = state;
            }

            state.AddReference();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        VaultMetrics.UnlockTook(elapsed);
        if (LockedBuffer.TakeLockRefusal())
        {
            Log.MemoryLockRefused(_logger);
        }

        Log.Unlocked(_logger, user.Address, elapsed.TotalMilliseconds);
        return new MailSession(state, _store, _blobs, _resealer, _funnel, Release, _changes, _reaper) { SearchIndex = _searchIndex, Submission = Submission };
    }

    /// <summary>A session on the user's unlocked state when it admits this password, else null (logging an outdated state once per login).</summary>
    MailSession? TryShare(UserRecord user, byte[] tag, bool noteOutdated)
    {
        lock (_unlocked)
        {
            // A state unlocked before the user turned encryption on holds no key: the login after it unlocks one. One
            // unlocked before a credential change, in any process, no longer vouches for a password (decision 0027).
            if (!_unlocked.TryGetValue(user.Id, out var shared))
            {
                return null;
            }

            if (shared.Admits(user, tag))
            {
                shared.AddReference();
                return new MailSession(shared, _store, _blobs, _resealer, _funnel, Release, _changes, _reaper) { SearchIndex = _searchIndex, Submission = Submission };
            }

            if (noteOutdated && shared.IsOutdatedBy(user))
            {
                CredentialLog.Outdated(_logger, user.Address, shared.User.CredentialVersion, user.CredentialVersion, shared.References);
            }

            return null;
        }
    }

    /// <summary>
    /// A user with a password verifier logs in against it: a user without a key, or an encrypted user whose key
    /// has its own passphrase (two-password mode, <see cref="Accounts.AccountService.SetKeyPassphraseAsync"/>),
    /// which then unlocks the key. Any other encrypted user's password unlocks the key directly.
    /// </summary>
    async Task<UnlockedUser> UnlockAsync(UserRecord user, string password, string? keyPassphrase, byte[] tag, CancellationToken cancellationToken)
    {
        var keySecret = password;
        if (user.PasswordVerifier is { } verifier)
        {
            if (!await _gate.RunAsync(() => PasswordVerifier.Verify(verifier, password), cancellationToken))
            {
                throw new AuthenticationFailedException("authentication failed");
            }

            if (user.Encryption != EncryptionState.Encrypted)
            {
                return new UnlockedUser(user, [], null, tag) { Caches = NewCaches() };
            }

            keySecret = keyPassphrase ?? throw new KeyPassphraseRequiredException(
                "This mailbox's key has its own passphrase: open it in the webmail, which asks for it");
        }
        else if (user.Encryption != EncryptionState.Encrypted)
        {
            throw new AuthenticationFailedException("authentication failed");
        }

        var records = (await _store.GetKeysAsync(user.Id, cancellationToken)).Where(k => k.ProtectedSecretKey is not null).ToList();
        var keys = new List<UnlockedKey>();
        try
        {
            foreach (var record in records)
            {
                try
                {
                    keys.Add(await _gate.RunAsync(() => KeyProtector.Unlock(record.ProtectedSecretKey, keySecret), cancellationToken));
                }
                catch (WrongPasswordException) when (keys.Count > 0 || !record.IsActive)
                {
                    Log.OldKeyNotUnlocked(_logger, user.Address, record.Fingerprint);
                }
                catch (WrongPasswordException e)
                {
                    throw new AuthenticationFailedException("authentication failed", e);
                }
            }

            if (keys.Count == 0)
            {
                throw new AuthenticationFailedException("authentication failed");
            }

            await _escrow.RefreshAtLoginAsync(user, keys, cancellationToken);
            var mailboxKey = await OpenMailboxKeyAsync(user, records[0], keys, cancellationToken);
            var state = new UnlockedUser(user, keys, mailboxKey, tag) { Caches = NewCaches() };
            // The resealer is shared by concurrent logins, so it returns its figures rather than keeping them.
            var (resealed, took) = await _resealer.ResealAllAsync(state, cancellationToken);
            Log.Resealed(_logger, resealed, took.TotalMilliseconds);
            return state;
        }
        catch
        {
            keys.ForEach(k => k.Dispose());
            throw;
        }
    }

    UserCaches NewCaches() => new(_options.SearchCacheBytes, _options.SearchFieldCacheBytes, _options.MetadataCacheBytes);

    /// <summary>Unwraps the user's mailbox key, creating it on their first login.</summary>
    async Task<MailboxKey> OpenMailboxKeyAsync(UserRecord user, UserKeyRecord active, IReadOnlyList<UnlockedKey> keys, CancellationToken cancellationToken)
    {
        var wrapped = await _store.GetMailboxKeyAsync(user.Id, cancellationToken);
        if (wrapped is null)
        {
            using var fresh = MailboxKey.Generate();
            wrapped = await _store.SetMailboxKeyIfAbsentAsync(user.Id, await fresh.WrapAsync(_certificates.Get(active.Fingerprint, active.PublicKey), cancellationToken), cancellationToken);
        }

        return await Decryption.WithAnyKeyAsync(keys, key => MailboxKey.UnwrapAsync(wrapped, key, cancellationToken));
    }

    /// <summary>A session ended: after the grace period, if no session came back, the keys are dropped and zeroed.</summary>
    void Release(UnlockedUser state)
    {
        if (!state.Release())
        {
            return;
        }

        var generation = state.Generation;
        _ = Task.Delay(_gracePeriod).ContinueWith(_ =>
        {
            lock (_unlocked)
            {
                if (state.References != 0 || state.Generation != generation)
                {
                    return;
                }

                if (_unlocked.TryGetValue(state.User.Id, out var current) && ReferenceEquals(current, state))
                {
                    _unlocked.Remove(state.User.Id);
                }

                state.Dispose();
            }
        }, TaskScheduler.Default);
    }

    /// <summary>
    /// After a key rotation: the user's unlocked state, if there is one, takes <paramref name="key"/> (and owns it),
    /// so sessions already open read mail encrypted to the new key. False when no state holds the user.
    /// </summary>
    internal bool AdoptRotatedKey(long userId, UnlockedKey key)
    {
        lock (_unlocked)
        {
            if (!_unlocked.TryGetValue(userId, out var state))
            {
                return false;
            }

            state.AddKey(key);
            return true;
        }
    }

    /// <summary>How many logins ran an unlock (Argon2 and key unwrap) since start (tests).</summary>
    internal long UnlockRuns => Interlocked.Read(ref _unlockRuns);

    /// <summary>How many users have unlocked state in memory (tests and metrics).</summary>
    internal int UnlockedUsers
    {
        get
        {
            lock (_unlocked)
            {
                return _unlocked.Count;
            }
        }
    }

    byte[] PasswordTag(long userId, string password, string? keyPassphrase)
    {
        var bytes = Encoding.UTF8.GetBytes($"{userId}\0{password}\0{keyPassphrase}");
        try
        {
            return HMACSHA256.HashData(_tagKey, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public void Dispose()
    {
        lock (_unlocked)
        {
            foreach (var state in _unlocked.Values)
            {
                state.Dispose();
            }

            _unlocked.Clear();
        }

        CryptographicOperations.ZeroMemory(_tagKey);
    }
}
