// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>How a user's mail is stored. Stored in clear: it tells a disk reader only whether mail is readable.</summary>
public enum EncryptionState
{
    /// <summary>Cleartext storage, like any mail server; the user is told so.</summary>
    None = 0,

    /// <summary>Encrypted to the user's key; the server holds the secret key protected by the password.</summary>
    Encrypted = 1,

    /// <summary>Encrypted to a public key only (zero-access): the server can never decrypt.</summary>
    PublicKeyOnly = 2,
}
