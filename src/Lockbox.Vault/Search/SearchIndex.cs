// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Storage.Blobs;
using Lockbox.Vault.Metadata;
using Lockbox.Vault.Sessions;

namespace Lockbox.Vault.Search;

/// <summary>
/// Gives a search the clear documents of a mailbox's messages: from the user's <see cref="SearchCache"/>,
/// else from the store (opening each sealed record; records still under the public key are re-sealed under
/// the mailbox key on the way). A message without a document (delivered before the index existed, or
/// copied by code that did not copy it) gets one built from its blob once, stored sealed, so the next
/// search reads the index only.
/// </summary>
internal sealed class SearchIndex(IMailStore store, FileBlobStore blobs, int textLimit)
{
    public async Task<Dictionary<long, SearchDocument>> LoadAsync(UnlockedUser state, IReadOnlyList<MessageRecord> messages, CancellationToken cancellationToken)
    {
        var documents = new Dictionary<long, SearchDocument>(messages.Count);
        var missing = new List<long>();
        foreach (var message in messages)
        {
            if (state.SearchCache.TryGet(message.Id, out var cached))
            {
                documents[message.Id] = new SearchDocument(cached);
            }
            else
            {
                missing.Add(message.Id);
            }
        }

        if (missing.Count == 0)
        {
            return documents;
        }

        var updates = new List<SearchDocumentRecord>();
        foreach (var record in await store.GetSearchDocumentsAsync(missing, cancellationToken))
        {
            var (document, reseal) = await SearchDocumentOpener.OpenAsync(state, record, cancellationToken);
            if (reseal is not null)
            {
                updates.Add(reseal);
            }

            Keep(state, documents, record.MessageId, document);
        }

        foreach (var message in messages.Where(m => !documents.ContainsKey(m.Id)))
        {
            var document = await BuildAsync(state, message, cancellationToken);
            updates.Add(SearchDocumentOpener.Seal(state, message.Id, state.MailboxKey is null ? document : (byte[])document.Clone()));
            Keep(state, documents, message.Id, document);
        }

        if (updates.Count > 0)
        {
            await store.PutSearchDocumentsAsync(updates, cancellationToken);
        }

        return documents;
    }

    static void Keep(UnlockedUser state, Dictionary<long, SearchDocument> documents, long messageId, byte[] document)
    {
        documents[messageId] = new SearchDocument(document);
        state.SearchCache.Add(messageId, document);
    }

    /// <summary>The document of a stored message, from its blob: as at delivery, but from the stored form (trace headers included).</summary>
    async Task<byte[]> BuildAsync(UnlockedUser state, MessageRecord message, CancellationToken cancellationToken)
    {
        if (!message.IsEncrypted)
        {
            await using var clear = blobs.OpenRead(message.BlobId);
            return await BuildFromAsync(clear, cancellationToken);
        }

        using var plain = new MemoryStream();
        try
        {
            await Decryption.WithAnyKeyAsync(state.Keys, async key =>
            {
                await using var blob = blobs.OpenRead(message.BlobId);
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
        var text = new SearchTextCollector(textLimit);
        var metadata = await MetadataReader.ReadAsync(message, text, cancellationToken);
        return SearchDocument.Encode(metadata, text.Text);
    }
}
