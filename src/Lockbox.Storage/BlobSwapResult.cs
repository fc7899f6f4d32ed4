// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>What a <see cref="BlobSwap"/> changed.</summary>
/// <param name="Switched">How many rows now reference the encrypted copy (0: they all vanished meanwhile, the copy is unused).</param>
/// <param name="OldBlobUnreferenced">Whether no row references the cleartext blob any more, so the caller deletes it.</param>
public sealed record BlobSwapResult(int Switched, bool OldBlobUnreferenced);
