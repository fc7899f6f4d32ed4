// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Blobs;
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault.Sessions;

/// <summary>
/// Deletes blobs that no index row references any more, after the deleting transaction committed (a crash
/// in between leaves an orphan blob, which the startup check removes, never a row without its blob).
/// </summary>
internal sealed class BlobReaper(MessageBlobs blobs, ILogger logger)
{
    public async Task DeleteAsync(IReadOnlyList<OrphanBlob> orphans, CancellationToken cancellationToken)
    {
        foreach (var orphan in orphans)
        {
            try
            {
                if (orphan.IsEncrypted)
                {
                    // Ciphertext reveals nothing without the key: unlinking is enough.
                    blobs.Unlink(orphan.BlobId);
                }
                else
                {
                    // DESIGN.md section 3: cleartext is overwritten before it is unlinked (best effort).
                    await blobs.DeleteAsync(orphan.BlobId, cancellationToken);
                }
            }
            catch (IOException e)
            {
                // The expunge is committed and must not be reported as failed; the startup check removes the orphan later.
                Log.BlobNotDeleted(logger, e, orphan.BlobId);
            }
        }
    }
}
