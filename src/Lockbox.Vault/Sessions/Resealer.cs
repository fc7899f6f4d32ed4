// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.Storage;
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
            foreach (var message in await store.ListMessagesAsync(mailbox.Id, cancellationToken))
            {
                if (message.MetadataForm == MetadataForm.PublicKey)
                {
                    updates.Add((await MetadataOpener.OpenAsync(state, message, cancellationToken)).Reseal!);
                }
            }

            await SaveAsync(updates, cancellationToken);
            count += updates.Count;
            count += await ResealSearchDocumentsAsync(state, mailbox.Id, cancellationToken);
        }

        return (count, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Search documents go the same way (docs/decisions/0009). What was decrypted for the re-seal is kept in the
    /// user's search cache, so the first search after a login decrypts nothing new.
    /// </summary>
    async Task<int> ResealSearchDocumentsAsync(UnlockedUser state, long mailboxId, CancellationToken cancellationToken)
    {
        var updates = new List<SearchDocumentRecord>();
        foreach (var record in await store.ListSearchDocumentsAsync(mailboxId, MetadataForm.PublicKey, cancellationToken))
        {
            var (document, reseal) = await SearchDocumentOpener.OpenAsync(state, record, cancellationToken);
            updates.Add(reseal!);
            state.SearchCache.Add(record.MessageId, document);
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
