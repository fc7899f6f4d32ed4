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
/// <param name="QuotaBytes">The user's own storage limit in bytes; null: the server's default (schema v15, docs/decisions/0041).</param>
/// <param name="StoredBytes">
/// The bytes the user's messages took in the store when the row was read: the sum of their stored (ciphertext) sizes, a
/// message shared by COPY counted once per row, as Dovecot counts it. Read with the row, from the mailbox rows' counts
/// (docs/decisions/0041), so that a delivery's quota check costs no read of its own.
/// </param>
/// <param name="QuotaWarned">The user has had the quota warning for the usage they are at (schema v16, docs/decisions/0041).</param>
public sealed record UserRecord(
    long Id, string Address, EncryptionState Encryption, byte[]? PasswordVerifier, DateTime CreatedUtc, long CredentialVersion = 0, long? QuotaBytes = null,
    long StoredBytes = 0, bool QuotaWarned = false);
