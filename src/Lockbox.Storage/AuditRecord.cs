// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>One entry of the hash-chained audit log (schema v7, <see cref="AuditChain"/>).</summary>
/// <param name="Sequence">1, 2, 3, ... in the order appended.</param>
/// <param name="TimeUtc">When it was appended, to the second.</param>
/// <param name="Address">The user it concerns (kept after the user is deleted).</param>
/// <param name="Event">What happened, a fixed kebab-case name such as "password-changed".</param>
/// <param name="Detail">Free text: who asked, counts, the consent text version.</param>
/// <param name="PreviousHash">The hash of the entry before (32 zero bytes for the first).</param>
/// <param name="Hash"><see cref="AuditChain.Hash"/> of this entry.</param>
public sealed record AuditRecord(long Sequence, DateTime TimeUtc, string Address, string Event, string Detail, byte[] PreviousHash, byte[] Hash);
