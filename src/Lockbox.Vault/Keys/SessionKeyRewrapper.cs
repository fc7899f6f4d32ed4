// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.Crypto;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Mailbox;
using Lockbox.Crypto.Messages;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Recovery;

namespace Lockbox.Vault.Keys;

/// <summary>
/// Re-wraps a user's stored session keys to the active key after a rotation (issue 5, item 7; docs/decisions/0020): every
/// message blob, metadata record and search document still sealed to an older public key, and the wrapped mailbox key, get
/// one PKESK to the active key carrying the same session key; the encrypted bodies are copied, not re-encrypted. Each blob
/// is one crash-safe swap (<see cref="BlobRewrap"/>), and progress is the blobs themselves (whom their PKESK names), so a
/// run after a crash (kill -9 anywhere) continues where the last one stopped. Older keys stay in the key history.
/// </summary>
public sealed class SessionKeyRewrapper
{
    /// <summary>Blobs listed per round: enough to amortise the listing, few enough that progress moves.</summary>
    const int BlobsPerRound = 64;

    /// <summary>
    /// How long a replaced blob stays before it is overwritten: a session that read a row just before its swap (FETCH opens
    /// the blob after reading the row) still finds the old blob, if it opens it by then.
    /// </summary>
    static readonly TimeSpan ReaderGrace = TimeSpan.FromSeconds(5);

    readonly IMailStore _store;
    readonly MessageBlobs _blobs;
    readonly UnlockGate _unlockGate;
    readonly DeliveryLock _deliveryLock;
    readonly StartupCheck _startupCheck;
    readonly AuditLog _audit;

    internal SessionKeyRewrapper(IMailStore store, MessageBlobs blobs, UnlockGate unlockGate, DeliveryLock deliveryLock, StartupCheck startupCheck, AuditLog audit)
    {
        _store = store;
        _blobs = blobs;
        _unlockGate = unlockGate;
        _deliveryLock = deliveryLock;
        _startupCheck = startupCheck;
        _audit = audit;
    }

    /// <summary>
    /// Runs (or continues) the re-wrapping of <paramref name="address"/>'s stored session keys to the active key, with the
    /// secret that opens the user's keys (the password, or the key passphrase in two-password mode).
    /// </summary>
    /// <exception cref="VaultException">
    /// No such user, no secret key on the server (cleartext or zero-access), a wrong secret, an active key re-wrapping cannot
    /// write to, or a message whose blob is missing.
    /// </exception>
    public async Task<RewrapReport> RunAsync(string address, string keySecret, IProgress<RewrapProgress>? progress, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        if (user.Encryption == EncryptionState.PublicKeyOnly)
        {
            throw new VaultException($"{address} is in zero-access mode: the server holds no secret key to open the old session keys, so only the user's own OpenPGP software can re-wrap them");
        }

        var records = (await _store.GetKeysAsync(user.Id, cancellationToken)).Where(k => k.ProtectedSecretKey is not null).ToList();
        var activeRecord = records.FirstOrDefault(k => k.IsActive);
        if (user.Encryption != EncryptionState.Encrypted || activeRecord is null)
        {
            throw new VaultException($"{address} has no secret key on this server to re-wrap to");
        }

        var (keys, notOpened) = await UnlockAsync(activeRecord, records, keySecret, cancellationToken);
        try
        {
            var active = keys[0];
            if (!SessionKeyPackets.CanWrapTo(active.Certificate))
            {
                throw new VaultException(
                    $"the active key {activeRecord.Fingerprint} ({active.Certificate.PrimaryAlgorithm}) cannot be re-wrapped to: it has no usable RSA or Curve25519 encryption key (expired, revoked or another algorithm)");
            }

            var (mailboxKey, mailboxKeyFailure) = await RewrapMailboxKeyAsync(user, keys, active, cancellationToken);
            var report = await RewrapMessagesAsync(user, new BlobRewrap(_store, _blobs, _deliveryLock, keys, active), progress, cancellationToken);
            report = report with
            {
                Fingerprint = activeRecord.Fingerprint,
                MailboxKeyRewrapped = mailboxKey,
                KeysNotOpened = notOpened,
                FirstFailure = mailboxKeyFailure ?? report.FirstFailure,
            };
            // Removes what a crash left (copies no row references, old blobs not yet deleted); after the audit entry, the
            // replaced records' old page images (secure_delete, checkpoint, VACUUM). A reader in another process that keeps
            // the WAL from being truncated leaves those until a later checkpoint: the re-wrapped state is complete anyway.
            await _startupCheck.RunAsync(cancellationToken);
            await _audit.RecordAsync(user.Address, "keys-rewrapped", Describe(report), cancellationToken);
            await _store.CompactAsync(cancellationToken);
            return report;
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    /// <summary>The audit entry's text.</summary>
    static string Describe(RewrapReport report) =>
        $"session keys re-wrapped to {report.Fingerprint}: {report.Rewrapped} messages ({report.AlreadyWrapped} were already), "
        + $"{report.Records} records, mailbox key {(report.MailboxKeyRewrapped ? "re-wrapped" : "unchanged")}, {report.Failed} left as they were; older keys kept";

    /// <summary>The active key first (it must open), then every older key the same secret opens.</summary>
    async Task<(List<UnlockedKey> Keys, int NotOpened)> UnlockAsync(UserKeyRecord active, List<UserKeyRecord> records, string keySecret, CancellationToken cancellationToken)
    {
        var keys = new List<UnlockedKey>();
        var notOpened = 0;
        try
        {
            foreach (var record in records.OrderByDescending(r => r.IsActive))
            {
                try
                {
                    keys.Add(await _unlockGate.RunAsync(() => KeyProtector.Unlock(record.ProtectedSecretKey, keySecret), cancellationToken));
                }
                catch (WrongPasswordException e) when (record == active)
                {
                    throw new VaultException("the password (or key passphrase) is wrong", e);
                }
                catch (WrongPasswordException)
                {
                    notOpened++;
                }
                catch (ProtectedKeyFormatException e)
                {
                    throw new VaultException($"the stored secret key {record.Fingerprint} is damaged: {e.Message}", e);
                }
            }
        }
        catch
        {
            keys.ForEach(k => k.Dispose());
            throw;
        }

        return (keys, notOpened);
    }

    /// <summary>
    /// The wrapped mailbox key (decision 0007) to the active key: whether this run changed it, or why it could not (then it
    /// stays as it was, and logins open it with the older key as before).
    /// </summary>
    async Task<(bool Rewrapped, string? Failure)> RewrapMailboxKeyAsync(UserRecord user, IReadOnlyList<UnlockedKey> keys, UnlockedKey active, CancellationToken cancellationToken)
    {
        if (await _store.GetMailboxKeyAsync(user.Id, cancellationToken) is not { } wrapped)
        {
            return (false, null);
        }

        try
        {
            var head = SessionKeyPackets.Parse(wrapped);
            if (head.IsWrappedOnlyTo(active.Certificate))
            {
                return (false, null);
            }

            var rewrapped = head.Rewrap(keys, active.Certificate);
            using (await MailboxKey.UnwrapAsync(rewrapped, active, cancellationToken))
            {
                // Opens with the active key alone: safe to store.
            }

            return (await _store.ReplaceMailboxKeyAsync(user.Id, wrapped, rewrapped, cancellationToken), null);
        }
        catch (MessageException e)
        {
            return (false, "the mailbox key: " + e.Message);
        }
    }

    async Task<RewrapReport> RewrapMessagesAsync(UserRecord user, BlobRewrap step, IProgress<RewrapProgress>? progress, CancellationToken cancellationToken)
    {
        var total = await _store.CountEncryptedMessagesAsync(user.Id, cancellationToken);
        var report = new RewrapReport("", 0, 0, 0, 0, false, 0, null, 0);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var replaced = new Queue<(string BlobId, long SwappedAt)>();
        string? after = null;
        progress?.Report(new RewrapProgress(0, total));
        while (await _store.ListEncryptedMessagesAsync(user.Id, after, BlobsPerRound, cancellationToken) is { Count: > 0 } rows)
        {
            foreach (var blob in rows.GroupBy(r => r.BlobId, StringComparer.Ordinal))
            {
                after = blob.Key;
                // A copy this run wrote sorts anywhere: its rows were counted under their old blob.
                if (written.Contains(blob.Key))
                {
                    continue;
                }

                report = await RewrapOneAsync(step, blob.Key, [.. blob], report, written, replaced, cancellationToken);
                await DeleteReplacedAsync(replaced, ReaderGrace, cancellationToken);
                progress?.Report(new RewrapProgress(report.Messages, Math.Max(total, report.Messages)));
            }
        }

        if (replaced.Count > 0)
        {
            var wait = ReaderGrace - Stopwatch.GetElapsedTime(replaced.Last().SwappedAt);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await DeleteReplacedAsync(replaced, TimeSpan.Zero, cancellationToken);
        }

        return report;
    }

    static async Task<RewrapReport> RewrapOneAsync(
        BlobRewrap step, string blobId, IReadOnlyList<MessageRecord> rows, RewrapReport report, HashSet<string> written,
        Queue<(string BlobId, long SwappedAt)> replaced, CancellationToken cancellationToken)
    {
        report = report with { Messages = report.Messages + rows.Count };
        BlobRewrap.Outcome outcome;
        try
        {
            outcome = await step.RunAsync(blobId, rows, cancellationToken);
        }
        catch (MessageException e)
        {
            // Mail no unlocked key opens (an older key under another passphrase) or in a form re-wrapping does not read stays
            // readable as it was; the report counts it and gives the first reason.
            return report with { Failed = report.Failed + rows.Count, FirstFailure = report.FirstFailure ?? $"blob {blobId}: {e.Message}" };
        }

        if (outcome.NewBlobId is { } newBlobId)
        {
            written.Add(newBlobId);
            if (outcome.OldBlobUnreferenced)
            {
                replaced.Enqueue((blobId, Stopwatch.GetTimestamp()));
            }
        }

        return report with
        {
            Rewrapped = report.Rewrapped + outcome.Rewrapped,
            AlreadyWrapped = report.AlreadyWrapped + outcome.Already,
            Records = report.Records + outcome.Records,
        };
    }

    /// <summary>
    /// Overwrites, then unlinks, the replaced blobs older than <paramref name="grace"/>: they are ciphertext, but their PKESK
    /// opens with the older key, which is what re-wrapping retires. One a crash leaves is an orphan the closing check removes.
    /// </summary>
    async Task DeleteReplacedAsync(Queue<(string BlobId, long SwappedAt)> replaced, TimeSpan grace, CancellationToken cancellationToken)
    {
        while (replaced.TryPeek(out var oldest) && Stopwatch.GetElapsedTime(oldest.SwappedAt) >= grace)
        {
            await _blobs.DeleteAsync(replaced.Dequeue().BlobId, cancellationToken);
        }
    }
}
