// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>How an uploaded key is kept (issue 5, item 3; docs/decisions/0018).</summary>
public enum KeyUploadMode
{
    /// <summary>(a) A keypair opened by the mailbox password (or unprotected), then locked by the mailbox password.</summary>
    MailboxPassword,

    /// <summary>(b) A keypair under its own passphrase, re-locked by the mailbox password.</summary>
    OtherPassphrase,

    /// <summary>(b) A keypair kept under its own passphrase: two-password mode, the passphrase is asked after login.</summary>
    KeepPassphrase,

    /// <summary>(c) A public key only: zero-access, the server can never read the mail again.</summary>
    PublicKeyOnly,
}
