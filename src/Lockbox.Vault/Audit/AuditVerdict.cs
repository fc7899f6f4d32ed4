// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Audit;

/// <summary>What <see cref="AuditLog.VerifyAsync"/> found.</summary>
/// <param name="Entries">Entries read.</param>
/// <param name="HeadHash">The last entry's hash, hex: record it elsewhere to detect later removal of entries at the end.</param>
/// <param name="Problem">Null when the chain holds; else the first break, naming the entry.</param>
public sealed record AuditVerdict(int Entries, string HeadHash, string? Problem)
{
    public bool Holds => Problem is null;
}
