// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>How a user's mail is stored, as the Security page names it.</summary>
public enum MailboxProtection
{
    /// <summary>No encryption: mail is stored in clear, as on any mail server.</summary>
    Cleartext,

    /// <summary>Encrypted at rest with a key the server keeps locked by the user's password (or key passphrase).</summary>
    Encrypted,

    /// <summary>Encrypted to a public key only: the server holds no secret key and can never read the mail.</summary>
    ZeroAccess,
}
