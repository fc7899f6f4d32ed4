// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>What an expunge removed.</summary>
/// <param name="Uids">The expunged UIDs, ascending.</param>
/// <param name="OrphanBlobs">Blobs that no row references any more: the caller deletes them.</param>
/// <param name="HighestModSeq">The mailbox's HIGHESTMODSEQ after the expunge.</param>
public sealed record ExpungeResult(IReadOnlyList<long> Uids, IReadOnlyList<OrphanBlob> OrphanBlobs, long HighestModSeq);
