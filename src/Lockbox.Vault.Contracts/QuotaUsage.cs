// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>A user's storage against their quota (docs/decisions/0041): what IMAP's GETQUOTA reports (RFC 9208 section 5.1).</summary>
/// <param name="UsedBytes">The stored size of all the user's messages.</param>
/// <param name="LimitBytes">The limit, or null when the user has none.</param>
public sealed record QuotaUsage(long UsedBytes, long? LimitBytes);
