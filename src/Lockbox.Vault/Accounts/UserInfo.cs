// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Accounts;

/// <summary>What an administrator sees of an account.</summary>
/// <param name="Address">The login and delivery address.</param>
/// <param name="Encryption">"none", "encrypted" or "public-key-only".</param>
/// <param name="Fingerprint">The active key's fingerprint, if any.</param>
/// <param name="KeyAlgorithm">The active key's primary algorithm, e.g. "Ed25519", if any.</param>
/// <param name="CreatedUtc">When the account was created.</param>
/// <param name="KeyExpiresUtc">When the active key stops being usable for encryption, if it expires and still is.</param>
/// <param name="KeyWarning">Set when the active key expires within 30 days or already cannot be encrypted to.</param>
/// <param name="StoredBytes">What the user's mail takes in the store (docs/decisions/0041).</param>
/// <param name="QuotaBytes">The user's storage limit, their own or the server's; null for none.</param>
public sealed record UserInfo(
    string Address, string Encryption, string? Fingerprint, string? KeyAlgorithm, DateTime CreatedUtc, DateTime? KeyExpiresUtc, string? KeyWarning,
    long StoredBytes = 0, long? QuotaBytes = null);
