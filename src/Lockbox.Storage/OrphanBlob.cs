// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A blob that no index row references any more, for the caller to delete after the commit.</summary>
/// <param name="BlobId">The blob.</param>
/// <param name="IsEncrypted">Ciphertext (unlinking is enough) or cleartext (overwrite first, DESIGN.md section 3).</param>
public sealed record OrphanBlob(string BlobId, bool IsEncrypted);
