// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A mailbox owner.</summary>
/// <param name="Id">Store-assigned identity.</param>
/// <param name="Address">The login and delivery address, as created (matching is case-insensitive).</param>
/// <param name="Encryption">How the user's mail is stored.</param>
/// <param name="PasswordVerifier">An Argon2id verifier, for users whose password is not checked by unlocking a key; else null.</param>
/// <param name="CreatedUtc">When the account was created.</param>
/// <param name="CredentialVersion">
/// Raised by every store operation that changes what checks the password or opens the keys (password verifier,
/// protected secret keys, a new key, the encryption state), in that operation's transaction (schema v11,
/// docs/decisions/0027). A process that unlocked the user at one version knows from a newer one that its
/// in-memory password check is stale, whichever process made the change.
/// </param>
public sealed record UserRecord(long Id, string Address, EncryptionState Encryption, byte[]? PasswordVerifier, DateTime CreatedUtc, long CredentialVersion = 0);
