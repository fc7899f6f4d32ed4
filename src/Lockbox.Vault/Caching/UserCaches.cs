// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Caching;

/// <summary>
/// What one unlocked user's sessions keep in memory between commands (docs/decisions/0014), shared by all of them
/// and dropped, zeroed where possible, with the unlocked state. Values are keyed by blob ID: a blob's metadata
/// record and search document never change (copies share the blob and its records), and a blob ID, unlike a
/// message row ID, is never reused.
/// </summary>
internal sealed class UserCaches : IDisposable
{
    /// <summary>64 MiB: the search documents of about 10,000 typical messages.</summary>
    public const long DefaultSearchDocumentBytes = 64L * 1024 * 1024;

    /// <summary>16 MiB: the compact header fields of about 50,000 messages.</summary>
    public const long DefaultSearchFieldBytes = 16L * 1024 * 1024;

    /// <summary>64 MiB: the decoded metadata of about 15,000 typical messages.</summary>
    public const long DefaultMetadataBytes = 64L * 1024 * 1024;

    public UserCaches(long searchDocumentBytes, long searchFieldBytes, long metadataBytes)
    {
        SearchDocuments = new(searchDocumentBytes, ZeroBytes);
        SearchFields = new(searchFieldBytes, ZeroBytes);
        Metadata = new(metadataBytes, MetadataMemory.Clear);
    }

    /// <summary>Search documents in clear (docs/decisions/0009).</summary>
    public BoundedCache<byte[]> SearchDocuments { get; }

    /// <summary>Compact documents with only the header fields most searched for (<see cref="Search.SearchDocument.Compact"/>).</summary>
    public BoundedCache<byte[]> SearchFields { get; }

    /// <summary>Decoded metadata records.</summary>
    public BoundedCache<MessageMetadata> Metadata { get; }

    /// <summary>Message rows of recently used mailboxes (no secrets: UIDs, flags, dates, blob IDs).</summary>
    public MailboxRowCache Rows { get; } = new();

    public void Dispose()
    {
        SearchDocuments.Dispose();
        SearchFields.Dispose();
        Metadata.Dispose();
        Rows.Clear();
    }

    static void ZeroBytes(byte[] bytes) => CryptographicOperations.ZeroMemory(bytes);
}
