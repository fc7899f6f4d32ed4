// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Recovery;

/// <summary>What a pass over the blob store against the index found and did (at startup, or the periodic sweep).</summary>
/// <param name="TempFilesRemoved">Half-written blobs removed.</param>
/// <param name="OrphanBlobsRemoved">Durable blobs without an index row (never acknowledged) removed.</param>
/// <param name="MissingBlobs">Index rows whose blob is gone: damage from outside, reported for the administrator.</param>
public sealed record LeftoverReport(int TempFilesRemoved, int OrphanBlobsRemoved, int MissingBlobs);
