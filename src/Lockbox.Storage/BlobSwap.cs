// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// The opt-in migration's step for one cleartext blob (docs/decisions/0017): its rows point at the durable
/// encrypted copy <paramref name="NewBlobId"/> and get their records sealed like a delivery's, in one transaction.
/// </summary>
/// <param name="OldBlobId">The cleartext blob the rows reference now.</param>
/// <param name="NewBlobId">The encrypted copy, already durable.</param>
/// <param name="StoredSize">The encrypted copy's size in bytes.</param>
/// <param name="Messages">Each row to switch, with its sealed records.</param>
public sealed record BlobSwap(string OldBlobId, string NewBlobId, long StoredSize, IReadOnlyList<SealedRecords> Messages);
