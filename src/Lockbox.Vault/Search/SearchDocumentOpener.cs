// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Vault.Sessions;

namespace Lockbox.Vault.Search;

/// <summary>
/// Opens a stored search document in whichever form it is, like <see cref="MetadataOpener"/> opens the
/// metadata record, and says how to re-seal it under the mailbox key if it was still under the public key.
/// </summary>
internal static class SearchDocumentOpener
{
    /// <summary>The document in clear (the caller owns it) and, for the public-key form, its re-sealed record.</summary>
    public static async Task<(byte[] Document, SearchDocumentRecord? Reseal)> OpenAsync(UnlockedUser state, SearchDocumentRecord record, CancellationToken cancellationToken)
    {
        switch (record.Form)
        {
            case MetadataForm.Clear:
                return (record.Document, null);
            case MetadataForm.MailboxKey:
                return (Require(state).Open(record.Document), null);
            default:
                var document = await Decryption.WithAnyKeyAsync(state.Keys, async key =>
                {
                    using var plain = new MemoryStream();
                    await MessageDecryptor.DecryptAsync(new MemoryStream(record.Document, writable: false), key, plain, cancellationToken);
                    var bytes = plain.ToArray();
                    CryptographicOperations.ZeroMemory(plain.GetBuffer());
                    return bytes;
                });
                return (document, record with { Form = MetadataForm.MailboxKey, Document = Require(state).Seal(document) });
        }
    }

    /// <summary>A document built in a session (backfill), sealed for storage in the user's form.</summary>
    public static SearchDocumentRecord Seal(UnlockedUser state, long messageId, byte[] document) =>
        state.MailboxKey is { } key
            ? new SearchDocumentRecord(messageId, MetadataForm.MailboxKey, key.Seal(document))
            : new SearchDocumentRecord(messageId, MetadataForm.Clear, document);

    static Crypto.Mailbox.MailboxKey Require(UnlockedUser state) =>
        state.MailboxKey ?? throw Decryption.NoMailboxKey(state, "search document");
}
