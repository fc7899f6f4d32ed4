// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A mailbox owner.</summary>
/// <param name="Id">Store-assigned identity.</param>
/// <param name="Address">The login and delivery address, as created (matching is case-insensitive).</param>
/// <param name="Encryption">How the user's mail is stored.</param>
/// <param name="PasswordVerifier">An Argon2id verifier, for users whose password is not checked by unlocking a key; else null.</param>
/// <param name="CreatedUtc">When the account was created.</param>
public sealed record UserRecord(long Id, string Address, EncryptionState Encryption, byte[]? PasswordVerifier, DateTime CreatedUtc);
