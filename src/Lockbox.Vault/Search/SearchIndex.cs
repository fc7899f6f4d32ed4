// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Metadata;
using Lockbox.Vault.Sessions;

namespace Lockbox.Vault.Search;

/// <summary>
/// Gives a search the clear documents of a mailbox's messages: from the user's caches (docs/decisions/0014),
/// else from the store (opening each sealed record; records still under the public key are re-sealed under
/// the mailbox key on the way). A message without a document (delivered before the index existed, or
/// copied by code that did not copy it) gets one built from its blob once, stored sealed, so the next
/// search reads the index only.
/// </summary>
internal sealed class SearchIndex(IMailStore store, MessageBlobs blobs, int textLimit, int packAheadRows)
{
    /// <summary>From this many messages on, listing a mailbox packs its compact documents ahead (<see cref="VaultOptions.SearchPackAheadRows"/>).</summary>
    public int PackAheadRows { get; } = packAheadRows;

    /// <summary>
    /// The documents of <paramref name="messages"/>, in the same order. With <paramref name="compact"/> these are the
    /// compact forms (<see cref="SearchDocument.Compact"/>), read from their own cache, which holds every message's
    /// after its first search; full documents are read only for the messages it lacks.
    /// </summary>
    public async Task<SearchDocument[]> LoadAsync(UnlockedUser state, IReadOnlyList<MessageRecord> messages, bool compact, CancellationToken cancellationToken)
    {
        var documents = new SearchDocument[messages.Count];
        var missing = new List<int>();
        var cache = compact ? state.Caches.SearchFields : state.Caches.SearchDocuments;
        for (var i = 0; i < messages.Count; i++)
        {
            if (cache.TryGet(messages[i].BlobId, out var cached))
            {
                documents[i] = new SearchDocument(cached);
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            var (full, kept) = await LoadFullAsync(state, [.. missing.Select(i => messages[i])], cancellationToken);
            for (var j = 0; j < missing.Count; j++)
            {
                if (!compact)
                {
                    documents[missing[j]] = new SearchDocument(full[j]);
                    continue;
                }

                documents[missing[j]] = Fields(state, messages[missing[j]].BlobId, full[j]);
                if (!kept[j])
                {
                    // Only its compact form is needed, and no cache holds this copy.
                    CryptographicOperations.ZeroMemory(full[j]);
                }
            }
        }

        return documents;
    }

    /// <summary>
    /// The compact documents of <paramref name="messages"/>, in the same order, if the cache holds every one of them;
    /// else null. Opens nothing and reads no store.
    /// </summary>
    public static SearchDocument[]? GatherCompact(UnlockedUser state, IReadOnlyList<MessageRecord> messages)
    {
        var documents = new SearchDocument[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            if (!state.Caches.SearchFields.TryGet(messages[i].BlobId, out var cached))
            {
                return null;
            }

            documents[i] = new SearchDocument(cached);
        }

        return documents;
    }

    /// <summary>Keeps the compact form of a document just opened (at login or by a search), and returns it.</summary>
    public static SearchDocument Fields(UnlockedUser state, string blobId, byte[] document)
    {
        var fields = SearchDocument.Compact(document);
        state.Caches.SearchFields.Add(blobId, fields, fields.Length);
        return new SearchDocument(fields);
    }

    /// <summary>Keeps a document just opened in the cache, if it fits; if it does, the caller must not zero it afterwards.</summary>
    public static bool Keep(UnlockedUser state, string blobId, byte[] document) =>
        state.Caches.SearchDocuments.Add(blobId, document, document.Length);

    /// <summary>The full documents, and for each whether a cache holds it (else the caller owns it).</summary>
    async Task<(byte[][] Documents, bool[] Kept)> LoadFullAsync(UnlockedUser state, IReadOnlyList<MessageRecord> messages, CancellationToken cancellationToken)
    {
        var documents = new byte[messages.Count][];
        var kept = new bool[messages.Count];
        var missing = new Dictionary<long, int>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (state.Caches.SearchDocuments.TryGet(messages[i].BlobId, out var cached))
            {
                documents[i] = cached;
                kept[i] = true;
            }
            else
            {
                missing[messages[i].Id] = i;
            }
        }

        if (missing.Count == 0)
        {
            return (documents, kept);
        }

        var updates = new List<SearchDocumentRecord>();
        foreach (var record in await store.GetSearchDocumentsAsync(missing.Keys, cancellationToken))
        {
            var (document, reseal) = await SearchDocumentOpener.OpenAsync(state, record, cancellationToken);
            if (reseal is not null)
            {
                updates.Add(reseal);
            }

            var index = missing[record.MessageId];
            documents[index] = document;
            kept[index] = Keep(state, messages[index].BlobId, document);
        }

        foreach (var index in missing.Values.Where(i => documents[i] is null))
        {
            var message = messages[index];
            var document = await BuildAsync(state, message, cancellationToken);
            updates.Add(SearchDocumentOpener.Seal(state, message.Id, state.MailboxKey is null ? document : (byte[])document.Clone()));
            documents[index] = document;
            kept[index] = Keep(state, message.BlobId, document);
        }

        if (updates.Count > 0)
        {
            await store.PutSearchDocumentsAsync(updates, cancellationToken);
        }

        return (documents, kept);
    }

    /// <summary>The document of a stored message, from its blob: as at delivery, but from the stored form (trace headers included).</summary>
    async Task<byte[]> BuildAsync(UnlockedUser state, MessageRecord message, CancellationToken cancellationToken)
    {
        if (!message.IsEncrypted)
        {
            await using var clear = await blobs.OpenReadAsync(message.BlobId, cancellationToken);
            return await BuildFromAsync(clear, cancellationToken);
        }

        using var plain = new MemoryStream();
        try
        {
            await Decryption.WithAnyKeyAsync(state.Keys, async key =>
            {
                await using var blob = await blobs.OpenReadAsync(message.BlobId, cancellationToken);
                await MessageDecryptor.DecryptAsync(blob, key, plain, cancellationToken);
                return true;
            });
            plain.Position = 0;
            return await BuildFromAsync(plain, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain.GetBuffer());
        }
    }

    async Task<byte[]> BuildFromAsync(Stream message, CancellationToken cancellationToken)
    {
        using var text = new SearchTextCollector(textLimit);
        var metadata = await MetadataReader.ReadAsync(message, text, cancellationToken);
        return SearchDocument.Encode(metadata, text.Utf8.Span);
    }
}
