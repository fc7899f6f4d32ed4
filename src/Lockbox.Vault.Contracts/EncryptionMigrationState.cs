// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>Where the migration of a user's existing mail stands after they turned encryption on (issue 5, item 2).</summary>
public enum EncryptionMigrationState
{
    /// <summary>Existing cleartext messages are being encrypted; new mail is already encrypted.</summary>
    Encrypting,

    /// <summary>Every message is encrypted; the old cleartext is being removed from the disk.</summary>
    Scrubbing,

    /// <summary>Finished: the store holds no cleartext of the user.</summary>
    Done,
}
