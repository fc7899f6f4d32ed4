// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>What an uploaded key file holds.</summary>
public enum KeyFileContent
{
    /// <summary>A public key only (mode c, zero-access).</summary>
    PublicKey,

    /// <summary>A keypair whose secret part has no passphrase (mode a).</summary>
    UnprotectedKeypair,

    /// <summary>A keypair whose secret part is protected by a passphrase (mode a if that is the mailbox password, else b).</summary>
    ProtectedKeypair,
}
