// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Offline;

/// <summary>The kinds of escrow master key <see cref="MasterKeyCeremony.Generate"/> makes.</summary>
public enum MasterKeyType
{
    /// <summary>Ed25519 primary key with a Curve25519 ECDH encryption subkey: the default, with small shares.</summary>
    Curve25519,

    /// <summary>RSA-4096 primary key with an RSA-4096 encryption subkey, for providers that require RSA.</summary>
    Rsa4096,
}
