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
    /// <summary>Re-seals every pending record of the user (metadata and search documents). Returns how many, and how long it took.</summary>
    public async Task<(int Count, TimeSpan Duration)> ResealAllAsync(UnlockedUser state, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var count = 0;
        foreach (var mailbox in await store.ListMailboxesAsync(state.User.Id, cancellationToken))
        {
            var updates = new List<MetadataUpdate>();
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
                }
            }

            await SaveAsync(updates, cancellationToken);
            count += updates.Count;
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
        var updates = new List<SearchDocumentRecord>();
        foreach (var record in await store.ListSearchDocumentsAsync(mailboxId, MetadataForm.PublicKey, cancellationToken))
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
        }

        return updates.Count;
    }

    public async Task SaveAsync(IReadOnlyList<MetadataUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count > 0)
        {
            await store.UpdateMetadataAsync(updates, cancellationToken);
        }
    }
}
