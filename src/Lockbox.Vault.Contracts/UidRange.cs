// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>An inclusive range of UIDs, <paramref name="First"/> not above <paramref name="Last"/>.</summary>
public readonly record struct UidRange(long First, long Last);
