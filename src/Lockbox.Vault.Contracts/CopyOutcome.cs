// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>What <see cref="IMailSession.CopyMessagesAsync"/> did, for RFC 4315 COPYUID.</summary>
/// <param name="TargetUidValidity">The target mailbox's UIDVALIDITY.</param>
/// <param name="Pairs">One pair per copied message, in source UID order. Requested UIDs that did not exist have none.</param>
public sealed record CopyOutcome(long TargetUidValidity, IReadOnlyList<UidPair> Pairs);
