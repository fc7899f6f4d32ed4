// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;

namespace Lockbox.Vault.Search;

/// <summary>
/// Seals a search document at delivery exactly as the funnel seals the metadata record: to the same public
/// key as the message (no session may be open), or not at all for a user without encryption. A login later
/// moves it under the mailbox key (<see cref="SearchDocumentOpener"/>).
/// </summary>
internal static class SearchDocumentSealer
{
    /// <summary>Seals <paramref name="document"/> and zeroes it.</summary>
    public static async Task<byte[]> SealAsync(byte[] document, PublicCertificate? certificate, CancellationToken cancellationToken)
    {
        if (certificate is null)
        {
            return document;
        }

        try
        {
            using var sealedRecord = new MemoryStream();
            await MessageEncryptor.EncryptAsync(new MemoryStream(document, writable: false), sealedRecord, [certificate], cancellationToken);
            return sealedRecord.ToArray();
        }
        finally
        {
            Array.Clear(document);
        }
    }
}
