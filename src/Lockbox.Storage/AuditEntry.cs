// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// An audit entry to append in the same transaction as the change it records (<see cref="AuditRecord"/> is the
/// stored, chained form): a crash leaves both or neither, so no credential change, key change, consent or key recovery
/// goes unlogged.
/// </summary>
public sealed record AuditEntry(string Address, string Event, string Detail);
