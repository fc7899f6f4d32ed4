// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Keys;

/// <summary>How an imported key is kept (issue 5, item 3; docs/decisions/0018).</summary>
public enum KeyImportMode
{
    /// <summary>(a) A keypair whose secret part the mailbox password opened; re-protected under it with Argon2id.</summary>
    MailboxPassword,

    /// <summary>(b) A keypair under another passphrase; re-protected under the mailbox password with Argon2id.</summary>
    OtherPassphrase,

    /// <summary>(b) A keypair kept under its own passphrase (Argon2id): two-password mode (docs/two-password-mode.md).</summary>
    SeparatePassphrase,

    /// <summary>(c) A public key only: zero-access, the server can never decrypt the user's mail again.</summary>
    PublicKeyOnly,
}
