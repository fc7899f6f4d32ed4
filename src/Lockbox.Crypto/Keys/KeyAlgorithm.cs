// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Keys;

/// <summary>The key types Lockbox generates. All are v4 keys, so gpg 2.2 interoperates (DESIGN.md section 4).</summary>
public enum KeyAlgorithm
{
    /// <summary>Ed25519 primary key with a Curve25519 ECDH encryption subkey: the default.</summary>
    Curve25519,

    /// <summary>RSA-3072 primary key with an RSA-3072 encryption subkey.</summary>
    Rsa3072,

    /// <summary>RSA-4096 primary key with an RSA-4096 encryption subkey.</summary>
    Rsa4096,
}
