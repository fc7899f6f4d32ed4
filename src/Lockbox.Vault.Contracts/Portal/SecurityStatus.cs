// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>Everything the Security page shows about a user, read in one call.</summary>
/// <param name="Address">The user's address, as stored.</param>
/// <param name="Protection">How the mail is stored.</param>
/// <param name="Key">The active key; null for a cleartext user without one.</param>
/// <param name="KeyHistory">How many keys the user has had (older ones stay to read older mail).</param>
/// <param name="ServerHoldsSecretKey">Whether the server keeps a secret key of the user (protected by the password or key passphrase).</param>
/// <param name="KeyPassphrase">Two-password mode: the key has its own passphrase, asked after login.</param>
/// <param name="PasswordChangeRequired">The account was recovered from escrow: a new password must be set before anything else.</param>
/// <param name="CanTurnOnEncryption">Whether "encrypt my mailbox" is offered (a cleartext user).</param>
/// <param name="Escrow">The escrow mode, the user's choice and the copies kept.</param>
/// <param name="Encryption">The opt-in job, when encryption was turned on by one; else null.</param>
public sealed record SecurityStatus(
    string Address,
    MailboxProtection Protection,
    KeyDetails? Key,
    int KeyHistory,
    bool ServerHoldsSecretKey,
    bool KeyPassphrase,
    bool PasswordChangeRequired,
    bool CanTurnOnEncryption,
    EscrowStatus Escrow,
    EncryptionProgress? Encryption);
