// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// Re-wrapping's step for one blob (docs/decisions/0020): its rows point at the durable re-wrapped copy, and the listed
/// records sealed to the public key are replaced by their re-wrapped bytes, in one transaction.
/// </summary>
/// <param name="OldBlobId">The blob the rows reference now.</param>
/// <param name="NewBlobId">The re-wrapped copy, already durable; null when the blob was re-wrapped before and only records are left.</param>
/// <param name="StoredSize">The re-wrapped copy's size in bytes (ignored without <paramref name="NewBlobId"/>).</param>
/// <param name="Records">The rows' re-wrapped records, each replacing its old bytes only if they are still stored.</param>
public sealed record KeyRewrap(string OldBlobId, string? NewBlobId, long StoredSize, IReadOnlyList<RewrappedRecords> Records);
