// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Accounts;

/// <summary>What an administrator sees of an account.</summary>
/// <param name="Address">The login and delivery address.</param>
/// <param name="Encryption">"none", "encrypted" or "public-key-only".</param>
/// <param name="Fingerprint">The active key's fingerprint, if any.</param>
/// <param name="KeyAlgorithm">The active key's primary algorithm, e.g. "Ed25519", if any.</param>
/// <param name="CreatedUtc">When the account was created.</param>
public sealed record UserInfo(string Address, string Encryption, string? Fingerprint, string? KeyAlgorithm, DateTime CreatedUtc);
