// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Storage.Blobs;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Recovery;

namespace Lockbox.Vault.Keys;

/// <summary>
/// Re-wraps one blob and its rows' records (docs/decisions/0020): the blob's PKESKs are replaced by one to the active key and
/// its SEIPD packet is copied byte for byte into a new blob, which is made durable (fsync, rename, directory fsync) and
/// checked by decrypting it with the active key alone; then the rows switch to it and their re-wrapped records replace the
/// old ones in one transaction. The old blob is the caller's to delete, after a grace for readers.
/// </summary>
internal sealed class BlobRewrap
{
    readonly IMailStore _store;
    readonly MessageBlobs _blobs;
    readonly DeliveryLock _deliveryLock;
    readonly IReadOnlyList<UnlockedKey> _keys;
    readonly UnlockedKey _active;
    readonly PublicCertificate _certificate;

    public BlobRewrap(IMailStore store, MessageBlobs blobs, DeliveryLock deliveryLock, IReadOnlyList<UnlockedKey> keys, UnlockedKey active)
    {
        _store = store;
        _blobs = blobs;
        _deliveryLock = deliveryLock;
        _keys = keys;
        _active = active;
        _certificate = active.Certificate;
    }

    /// <summary>What one blob's step did.</summary>
    /// <param name="NewBlobId">The re-wrapped copy the rows reference now, or null.</param>
    /// <param name="Rewrapped">Rows switched to <paramref name="NewBlobId"/>.</param>
    /// <param name="Already">Rows whose blob was wrapped to the active key before.</param>
    /// <param name="Records">Records replaced.</param>
    /// <param name="OldBlobUnreferenced">Whether the old blob is now unreferenced, for the caller to delete.</param>
    public sealed record Outcome(string? NewBlobId, int Rewrapped, int Already, int Records, bool OldBlobUnreferenced);

    /// <exception cref="MessageException">The blob or a record cannot be re-wrapped (no key opens it, or an unread form); nothing changed for it.</exception>
    /// <exception cref="VaultException">The blob is missing while rows still reference it.</exception>
    public async Task<Outcome> RunAsync(string blobId, IReadOnlyList<MessageRecord> rows, CancellationToken cancellationToken)
    {
        // Shared, like a delivery: a startup check (a server starting meanwhile) must not take the new copy, durable but not
        // yet referenced, for a crash leftover.
        using var shared = await _deliveryLock.AcquireSharedAsync(cancellationToken);
        var records = await RewrapRecordsAsync(rows, cancellationToken);
        string? newBlobId;
        long size;
        try
        {
            (newBlobId, size) = await RewrapBlobAsync(blobId, cancellationToken);
        }
        catch (FileNotFoundException e)
        {
            if ((await _store.GetMessagesAsync([.. rows.Select(r => r.Id)], cancellationToken)).Any(r => r.BlobId == blobId))
            {
                throw new VaultException($"the blob {blobId} is missing; nothing was changed for it", e);
            }

            // Expunged meanwhile, and its blob deleted with it.
            return new Outcome(null, 0, 0, 0, false);
        }

        if (newBlobId is null && records.Count == 0)
        {
            return new Outcome(null, 0, rows.Count, 0, false);
        }

        // If the switch fails from here, the durable copy is an orphan: the run's closing startup check removes it.
        var result = await _store.RewrapBlobAsync(new KeyRewrap(blobId, newBlobId, size, records), cancellationToken);
        if (newBlobId is not null && result.Switched == 0)
        {
            _blobs.Unlink(newBlobId);
            newBlobId = null;
        }

        var recordCount = records.Sum(r => (r.Metadata is null ? 0 : 1) + (r.SearchDocument is null ? 0 : 1));
        return newBlobId is null
            ? new Outcome(null, 0, rows.Count, recordCount, false)
            : new Outcome(newBlobId, result.Switched, 0, recordCount, result.OldBlobUnreferenced);
    }

    /// <summary>The re-wrapped copy, durable and checked; (null, 0) when the blob is wrapped to the active key already.</summary>
    async Task<(string? BlobId, long Size)> RewrapBlobAsync(string blobId, CancellationToken cancellationToken)
    {
        PendingBlob pending;
        long size;
        await using (var source = await _blobs.OpenReadAsync(blobId, cancellationToken))
        {
            var head = await SessionKeyPackets.ReadAsync(source, cancellationToken);
            if (head.IsWrappedOnlyTo(_certificate))
            {
                return (null, 0);
            }

            pending = _blobs.CreateFile();
            await using (pending)
            {
                await head.WriteRewrappedAsync(pending.Content, source, _keys, _certificate, cancellationToken);
                size = (await pending.CommitAsync(cancellationToken)).Size;
            }
        }

        try
        {
            // The proof before any row points at it: the active key alone opens the copy and its MDC verifies.
            await using var written = await _blobs.OpenReadAsync(pending.Id, cancellationToken);
            await MessageDecryptor.DecryptAsync(written, _active, Stream.Null, cancellationToken);
        }
        catch (MessageException)
        {
            _blobs.Unlink(pending.Id);
            throw;
        }

        return (pending.Id, size);
    }

    /// <summary>The rows' records still sealed to a public key other than the active one, re-wrapped and checked.</summary>
    async Task<List<RewrappedRecords>> RewrapRecordsAsync(IReadOnlyList<MessageRecord> rows, CancellationToken cancellationToken)
    {
        var documents = (await _store.GetSearchDocumentsAsync([.. rows.Select(r => r.Id)], cancellationToken))
            .Where(d => d.Form == MetadataForm.PublicKey)
            .ToDictionary(d => d.MessageId, d => d.Document);
        var records = new List<RewrappedRecords>();
        foreach (var row in rows)
        {
            var metadata = row.MetadataForm == MetadataForm.PublicKey ? await RewrapAsync(row.Metadata, cancellationToken) : null;
            var document = documents.TryGetValue(row.Id, out var stored) ? await RewrapAsync(stored, cancellationToken) : null;
            if (metadata is not null || document is not null)
            {
                records.Add(new RewrappedRecords(row.Id, metadata, document));
            }
        }

        return records;
    }

    async Task<(byte[] Old, byte[] New)?> RewrapAsync(byte[] record, CancellationToken cancellationToken)
    {
        var head = SessionKeyPackets.Parse(record);
        if (head.IsWrappedOnlyTo(_certificate))
        {
            return null;
        }

        var rewrapped = head.Rewrap(_keys, _certificate);
        await MessageDecryptor.DecryptAsync(new MemoryStream(rewrapped, writable: false), _active, Stream.Null, cancellationToken);
        return (record, rewrapped);
    }
}
