// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>What <see cref="IMailSession.StoreFlagsAsync"/> did.</summary>
/// <param name="Messages">The flags of every requested message that exists and was not refused, changed or not, in UID order.</param>
/// <param name="Failed">RFC 7162 section 3.1.3: UIDs left unchanged because their MODSEQ was above UNCHANGEDSINCE.</param>
/// <param name="HighestModSeq">The mailbox's HIGHESTMODSEQ afterwards.</param>
public sealed record StoreOutcome(IReadOnlyList<MessageFlagState> Messages, IReadOnlyList<long> Failed, long HighestModSeq);
