// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>What a copy or move did.</summary>
/// <param name="Pairs">Source UID and the new target UID of each copied message, in source UID order.</param>
/// <param name="TargetUidValidity">The target mailbox's UIDVALIDITY (RFC 4315 COPYUID).</param>
/// <param name="SourceHighestModSeq">The source mailbox's HIGHESTMODSEQ afterwards (changed by a move only).</param>
/// <param name="TargetHighestModSeq">The target mailbox's HIGHESTMODSEQ afterwards.</param>
public sealed record CopyResult(IReadOnlyList<(long Source, long Target)> Pairs, long TargetUidValidity, long SourceHighestModSeq, long TargetHighestModSeq);
