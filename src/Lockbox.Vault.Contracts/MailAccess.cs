// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>What the server can do with a user's mail during a session.</summary>
public enum MailAccess
{
    /// <summary>The user has no encryption: mail is stored and served in clear.</summary>
    Cleartext,

    /// <summary>Mail is encrypted at rest; the session's unlocked key decrypts it.</summary>
    Decrypting,

    /// <summary>Mail is encrypted to a public key only: the server can never decrypt it (zero-access).</summary>
    PublicKeyOnly,
}
