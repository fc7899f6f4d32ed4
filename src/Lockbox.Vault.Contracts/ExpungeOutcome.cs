// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>What <see cref="IMailSession.ExpungeAsync"/> removed.</summary>
/// <param name="Uids">The expunged UIDs, ascending. They are never used again in the mailbox (RFC 3501 section 2.3.1.1).</param>
/// <param name="HighestModSeq">The mailbox's HIGHESTMODSEQ afterwards.</param>
public sealed record ExpungeOutcome(IReadOnlyList<long> Uids, long HighestModSeq);
