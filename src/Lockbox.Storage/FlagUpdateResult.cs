// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>What a flag change did.</summary>
/// <param name="Messages">Every message of the request that exists and passed the UNCHANGEDSINCE test, changed or not, in UID order.</param>
/// <param name="Failed">RFC 7162 section 3.1.3: the UIDs whose MODSEQ was above UNCHANGEDSINCE, left unchanged.</param>
/// <param name="HighestModSeq">The mailbox's HIGHESTMODSEQ after the change.</param>
public sealed record FlagUpdateResult(IReadOnlyList<MessageFlags> Messages, IReadOnlyList<long> Failed, long HighestModSeq);
