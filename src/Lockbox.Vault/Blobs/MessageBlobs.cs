// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Storage.Blobs;

namespace Lockbox.Vault.Blobs;

/// <summary>
/// Message blobs wherever they are: a small one in the index, stored with the row that first references it, the rest as
/// files (docs/decisions/0036). Every reader goes through here, so none needs to know which. An inline blob is deleted by
/// the store, in the transaction that removes its last row; <see cref="DeleteAsync"/> and <see cref="Unlink"/> handle the files.
/// </summary>
public sealed class MessageBlobs(IMailStore store, FileBlobStore files, int inlineLimit)
{
    /// <summary>
    /// A blob for a writer that stores it with a new row (<see cref="NewMessage.InlineContent"/>): one that stays within the
    /// inline limit never becomes a file.
    /// </summary>
    public PendingBlob CreateForRow() => files.Create(inlineLimit);

    /// <summary>A blob that becomes a file, for a writer that puts it under existing rows (a key re-wrap, the opt-in).</summary>
    public PendingBlob CreateFile() => files.Create();

    /// <summary>Opens a committed blob for reading. The caller owns the stream.</summary>
    /// <exception cref="FileNotFoundException">No such blob.</exception>
    public async Task<Stream> OpenReadAsync(string blobId, CancellationToken cancellationToken) =>
        await store.ReadInlineBlobAsync(blobId, cancellationToken) is { } content
            ? new MemoryStream(content, writable: false)
            : files.OpenRead(blobId);

    /// <summary>Overwrites and unlinks a file blob (cleartext); nothing for an inline one, which went with its last row.</summary>
    public Task DeleteAsync(string blobId, CancellationToken cancellationToken) => files.DeleteAsync(blobId, cancellationToken);

    /// <summary>Unlinks a file blob (ciphertext); nothing for an inline one, which went with its last row.</summary>
    public void Unlink(string blobId) => files.Unlink(blobId);
}
