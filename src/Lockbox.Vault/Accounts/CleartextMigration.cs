// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Security.Cryptography;
using Lockbox.Storage;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Delivery;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Recovery;

namespace Lockbox.Vault.Accounts;

/// <summary>
/// The opt-in migration job (issue 5, item 2; docs/decisions/0017): encrypts every cleartext message of a user who turned
/// encryption on, blob by blob, through the delivery funnel's own encryption (<see cref="RecipientCopy"/>), then removes
/// the cleartext from the disk. Each blob is one crash-safe swap: the encrypted copy is made durable, the rows switch to
/// it in one transaction, then the cleartext blob is overwritten and unlinked. Progress is the rows' own
/// <c>is_encrypted</c>, so a run after a crash (kill -9 anywhere) continues where the last one stopped.
/// </summary>
internal sealed class CleartextMigration
{
    /// <summary>Blobs listed per round: enough to amortise the listing, few enough that progress moves.</summary>
    const int BlobsPerRound = 64;

    /// <summary>
    /// How long a replaced cleartext blob stays before it is overwritten: a session that opened it just before its swap
    /// (FETCH streams from the blob) reads the right bytes, not the zeros of the overwrite, if it is done by then.
    /// </summary>
    static readonly TimeSpan ReaderGrace = TimeSpan.FromSeconds(5);

    /// <summary>A reader in another process (the server) can hold the WAL for a moment: retry the truncation this often.</summary>
    const int CompactAttempts = 20;

    readonly IMailStore _store;
    readonly MessageBlobs _blobs;
    readonly CertificateCache _certificates;
    readonly DeliveryLock _deliveryLock;
    readonly StartupCheck _startupCheck;
    readonly MigrationLock _migrationLock;

    public CleartextMigration(
        IMailStore store, MessageBlobs blobs, CertificateCache certificates, DeliveryLock deliveryLock, StartupCheck startupCheck, MigrationLock migrationLock)
    {
        _migrationLock = migrationLock;
        _store = store;
        _blobs = blobs;
        _certificates = certificates;
        _deliveryLock = deliveryLock;
        _startupCheck = startupCheck;
    }

    /// <summary>Runs (or continues) the user's migration to its end and returns the final status.</summary>
    /// <exception cref="VaultException">
    /// The user has no migration, no active key, or a message whose blob is missing; or (<see cref="VaultError.Busy"/>)
    /// another run holds the user's <see cref="MigrationLock"/>.
    /// </exception>
    public async Task<EncryptionMigrationStatus> RunAsync(UserRecord user, IProgress<EncryptionMigrationStatus>? progress, CancellationToken cancellationToken)
    {
        await using var held = await _migrationLock.TryAcquireAsync(user.Id, cancellationToken) ?? throw new VaultException(VaultError.Busy,
            $"the encryption of {user.Address}'s mail is running in another process (lockbox serve or user encrypt); it continues there");
        var job = await _store.GetEncryptionMigrationAsync(user.Id, cancellationToken)
            ?? throw new VaultException($"{user.Address} has no encryption migration");
        if (job.Phase == EncryptionMigrationPhase.Messages)
        {
            await EncryptMessagesAsync(user, job, progress, cancellationToken);
            await _store.SetEncryptionMigrationPhaseAsync(user.Id, EncryptionMigrationPhase.Scrubbing, cancellationToken);
            job = job with { Phase = EncryptionMigrationPhase.Scrubbing, Remaining = 0 };
        }

        if (job.Phase == EncryptionMigrationPhase.Scrubbing)
        {
            progress?.Report(Describe(job));
            await ScrubAsync(cancellationToken);
            await _store.SetEncryptionMigrationPhaseAsync(user.Id, EncryptionMigrationPhase.Done, cancellationToken);
        }

        var done = Describe(job with { Phase = EncryptionMigrationPhase.Done, Remaining = 0 });
        progress?.Report(done);
        return done;
    }

    /// <summary>The status as the CLI and the web show it.</summary>
    public static EncryptionMigrationStatus Describe(EncryptionMigrationRecord job)
    {
        var state = job.Phase switch
        {
            EncryptionMigrationPhase.Messages => EncryptionMigrationState.Encrypting,
            EncryptionMigrationPhase.Scrubbing => EncryptionMigrationState.Scrubbing,
            _ => EncryptionMigrationState.Done,
        };
        var total = Math.Max(job.Total, job.Remaining);
        return new EncryptionMigrationStatus(state, total - job.Remaining, total);
    }

    async Task EncryptMessagesAsync(UserRecord user, EncryptionMigrationRecord job, IProgress<EncryptionMigrationStatus>? progress, CancellationToken cancellationToken)
    {
        var active = (await _store.GetKeysAsync(user.Id, cancellationToken)).FirstOrDefault(k => k.IsActive)
            ?? throw new VaultException($"{user.Address} has encryption on but no active key");
        var certificate = _certificates.Get(active.Fingerprint, active.PublicKey);
        var remaining = job.Remaining;
        var replaced = new Queue<(string BlobId, long SwappedAt)>();
        progress?.Report(Describe(job));
        // Until a listing finds nothing: rows that a cleartext delivery in flight at the switch, or a COPY of a cleartext
        // row, added meanwhile are listed in a later round.
        while (await _store.ListCleartextMessagesAsync(user.Id, BlobsPerRound, cancellationToken) is { Count: > 0 } rows)
        {
            var progressed = false;
            foreach (var blob in rows.GroupBy(r => r.BlobId, StringComparer.Ordinal))
            {
                var (switched, unreferenced) = await EncryptBlobAsync(user, certificate, blob.Key, [.. blob], cancellationToken);
                if (unreferenced)
                {
                    replaced.Enqueue((blob.Key, Stopwatch.GetTimestamp()));
                }

                await DeleteReplacedAsync(replaced, ReaderGrace, cancellationToken);
                progressed |= switched > 0;
                remaining = Math.Max(0, remaining - switched);
                progress?.Report(Describe(job with { Remaining = remaining }));
            }

            if (!progressed && await _store.ListCleartextMessagesAsync(user.Id, BlobsPerRound, cancellationToken) is { Count: > 0 } left
                && left.Select(r => r.Id).Order().SequenceEqual(rows.Select(r => r.Id).Order()))
            {
                throw new VaultException($"{left.Count} cleartext messages of {user.Address} could not be switched; run the command again");
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
    }

    /// <summary>
    /// Overwrites, then unlinks (DESIGN.md section 3, best effort; docs/threat-model.md says what it cannot reach), the
    /// replaced cleartext blobs older than <paramref name="grace"/>. One a crash leaves is an orphan the scrub removes.
    /// </summary>
    async Task DeleteReplacedAsync(Queue<(string BlobId, long SwappedAt)> replaced, TimeSpan grace, CancellationToken cancellationToken)
    {
        while (replaced.TryPeek(out var oldest) && Stopwatch.GetElapsedTime(oldest.SwappedAt) >= grace)
        {
            await _blobs.DeleteAsync(replaced.Dequeue().BlobId, cancellationToken);
        }
    }

    /// <summary>One blob: encrypted copy durable, then the rows switched in one transaction. Returns the rows switched and whether the cleartext blob is now unreferenced.</summary>
    async Task<(int Switched, bool Unreferenced)> EncryptBlobAsync(UserRecord user, Crypto.Keys.PublicCertificate certificate, string blobId, IReadOnlyList<MessageRecord> rows, CancellationToken cancellationToken)
    {
        // Shared, like a delivery: a startup check (another process starting the server) must not take the encrypted copy,
        // durable but not yet referenced, for a crash leftover.
        using var shared = await _deliveryLock.AcquireSharedAsync(cancellationToken);
        await using var copy = await RecipientCopy.OpenAsync(user.Address, user, certificate, returnPath: null, _blobs.CreateFile, cancellationToken);
        if (!await CopyBlobAsync(blobId, copy, cancellationToken))
        {
            if ((await _store.GetMessagesAsync([.. rows.Select(r => r.Id)], cancellationToken)).Any(r => r.BlobId == blobId))
            {
                throw new VaultException($"the blob {blobId} of a message of {user.Address} is missing; nothing was changed for it");
            }

            // Expunged meanwhile, and its blob deleted with it.
            return (0, false);
        }

        var records = await SealAsync(rows, copy, cancellationToken);
        var (newBlobId, size, _) = await copy.CommitAsync(cancellationToken);
        // If the swap fails from here, the durable copy is an orphan: the next run's scrub (the startup check) removes it.
        var result = await _store.SwapBlobAsync(new BlobSwap(blobId, newBlobId, size, records), cancellationToken);
        if (result.Switched == 0)
        {
            _blobs.Unlink(newBlobId);
        }

        return (result.Switched, result.OldBlobUnreferenced);
    }

    /// <summary>Streams the cleartext blob into the copy's encryptor; false if the blob is gone.</summary>
    async Task<bool> CopyBlobAsync(string blobId, RecipientCopy copy, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        try
        {
            await using var source = await _blobs.OpenReadAsync(blobId, cancellationToken);
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }

        return copy.Failure is null ? true : throw copy.Failure;
    }

    /// <summary>The rows' metadata records and search documents sealed under the copy's session key, as the funnel seals them.</summary>
    async Task<List<SealedRecords>> SealAsync(IReadOnlyList<MessageRecord> rows, RecipientCopy copy, CancellationToken cancellationToken)
    {
        var documents = (await _store.GetSearchDocumentsAsync([.. rows.Select(r => r.Id)], cancellationToken))
            .Where(d => d.Form == MetadataForm.Clear)
            .ToDictionary(d => d.MessageId, d => d.Document);
        var sealedRecords = new List<SealedRecords>(rows.Count);
        foreach (var row in rows.Where(r => r.MetadataForm == MetadataForm.Clear))
        {
            var document = documents.GetValueOrDefault(row.Id);
            sealedRecords.Add(new SealedRecords(row.Id, copy.SealRecord(row.Metadata), document is null ? null : copy.SealRecord(document)));
            CryptographicOperations.ZeroMemory(row.Metadata);
            if (document is not null)
            {
                CryptographicOperations.ZeroMemory(document);
            }
        }

        return sealedRecords;
    }

    /// <summary>
    /// Removes what a crash between a swap and its deletion left (cleartext blobs no row references: the startup check
    /// overwrites them before unlinking), then the old records in the database files.
    /// </summary>
    async Task ScrubAsync(CancellationToken cancellationToken)
    {
        await _startupCheck.RunAsync(cancellationToken);
        for (var attempt = 1; !await _store.CompactAsync(cancellationToken); attempt++)
        {
            if (attempt == CompactAttempts)
            {
                throw new VaultException("another process kept the database's write-ahead log open; run the command again when it is idle");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
