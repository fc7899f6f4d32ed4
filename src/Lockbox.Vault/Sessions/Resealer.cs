// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Security.Cryptography;
using Lockbox.Storage;
using Lockbox.Vault.Caching;
using Lockbox.Vault.Search;

namespace Lockbox.Vault.Sessions;

/// <summary>
/// Moves index records that arrived encrypted to the public key (no session may be open at delivery) under
/// the mailbox key, at login, so that each later login costs one asymmetric operation instead of one per
/// message (DESIGN.md section 4). The blobs stay as delivered: standard OpenPGP that gpg opens.
/// </summary>
internal sealed class Resealer(IMailStore store)
{
    /// <summary>
    /// Records per transaction. Holding a whole mailbox's records (search documents carry whole body texts) until one
    /// commit let them all reach the GC's oldest generation: at 10,000 messages the heap grew by 470 MB and stayed
    /// fragmented, which tripled the time of every later SEARCH and slowed FETCH (docs/benchmarks.md). In batches
    /// they die young. Each record is re-sealed on its own, so a crash between batches leaves nothing inconsistent.
    /// </summary>
    const int Batch = 256;

    /// <summary>Re-seals every pending record of the user (metadata and search documents). Returns how many, and how long it took.</summary>
    public async Task<(int Count, TimeSpan Duration)> ResealAllAsync(UnlockedUser state, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var count = 0;
        foreach (var mailbox in await store.ListMailboxesAsync(state.User.Id, cancellationToken))
        {
            var updates = new List<MetadataUpdate>(Batch);
            var messages = await store.ListMessagesAsync(mailbox.Id, cancellationToken);
            foreach (var message in messages)
            {
                if (message.MetadataForm == MetadataForm.PublicKey)
                {
                    // What was decrypted anyway is kept, so the first FETCH after this login decrypts nothing new.
                    var (metadata, reseal) = await MetadataOpener.OpenAsync(state, message, cancellationToken);
                    updates.Add(reseal!);
                    if (!state.Caches.Metadata.Add(message.BlobId, metadata, MetadataMemory.Size(metadata)))
                    {
                        MetadataMemory.Clear(metadata);
                    }

                    if (updates.Count == Batch)
                    {
                        count += await SaveBatchAsync(updates, cancellationToken);
                    }
                }
            }

            count += await SaveBatchAsync(updates, cancellationToken);
            count += await ResealSearchDocumentsAsync(state, mailbox.Id, messages.ToDictionary(m => m.Id, m => m.BlobId), cancellationToken);
        }

        return (count, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Search documents go the same way (docs/decisions/0009). What was decrypted for the re-seal is kept in the
    /// user's search caches (whole, if it fits, and its compact header fields), so the first search after a login
    /// decrypts nothing new. <paramref name="blobs"/> maps message IDs to blob IDs, the caches' keys.
    /// </summary>
    async Task<int> ResealSearchDocumentsAsync(UnlockedUser state, long mailboxId, Dictionary<long, string> blobs, CancellationToken cancellationToken)
    {
        var count = 0;
        var after = 0L;
        IReadOnlyList<SearchDocumentRecord> page;
        do
        {
            page = await store.ListSearchDocumentsAsync(mailboxId, MetadataForm.PublicKey, after, Batch, cancellationToken);
            var updates = new List<SearchDocumentRecord>(page.Count);
            foreach (var record in page)
            {
                var (document, reseal) = await SearchDocumentOpener.OpenAsync(state, record, cancellationToken);
                updates.Add(reseal!);
                if (!blobs.TryGetValue(record.MessageId, out var blobId))
                {
                    // Delivered after the messages were listed: its first search opens it.
                    CryptographicOperations.ZeroMemory(document);
                    continue;
                }

                SearchIndex.Fields(state, blobId, document);
                if (!SearchIndex.Keep(state, blobId, document))
                {
                    CryptographicOperations.ZeroMemory(document);
                }
            }

            if (updates.Count > 0)
            {
                await store.PutSearchDocumentsAsync(updates, cancellationToken);
                after = page[^1].MessageId;
                count += updates.Count;
            }
        }
        while (page.Count == Batch);

        return count;
    }

    public async Task SaveAsync(IReadOnlyList<MetadataUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count > 0)
        {
            await store.UpdateMetadataAsync(updates, cancellationToken);
        }
    }

    /// <summary>Saves and empties <paramref name="updates"/>; returns how many were saved.</summary>
    async Task<int> SaveBatchAsync(List<MetadataUpdate> updates, CancellationToken cancellationToken)
    {
        var saved = updates.Count;
        await SaveAsync(updates, cancellationToken);
        updates.Clear();
        return saved;
    }
}
