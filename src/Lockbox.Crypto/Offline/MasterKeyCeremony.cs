// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;

namespace Lockbox.Crypto.Offline;

/// <summary>
/// The offline steps of the escrow master key's life: generate it, split it M-of-N for safekeeping,
/// and combine shares back into the key. Run only on an offline machine (DESIGN.md section 4).
/// </summary>
public static class MasterKeyCeremony
{
    /// <summary>The user ID of every master key Lockbox generates.</summary>
    public const string UserId = "Lockbox escrow master key";

    /// <summary>
    /// Generates a new master key. Its public half is <see cref="MasterSecretKey.PublicKey"/>; the key
    /// does not expire, because escrowed keys must stay recoverable for as long as mail exists.
    /// </summary>
    public static MasterSecretKey Generate(MasterKeyType type = MasterKeyType.Curve25519)
    {
        var algorithm = type switch
        {
            MasterKeyType.Curve25519 => KeyAlgorithm.Curve25519,
            MasterKeyType.Rsa4096 => KeyAlgorithm.Rsa4096,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown master key type"),
        };
        return MasterSecretKey.FromUnlockedKey(KeyGenerator.Generate(UserId, algorithm));
    }

    /// <summary>Splits the unprotected secret key ring into <paramref name="shareCount"/> shares, any <paramref name="threshold"/> of which rebuild it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 2 &lt;= threshold &lt;= shareCount &lt;= 255.</exception>
    public static IReadOnlyList<SecretShare> Split(MasterSecretKey key, int threshold, int shareCount)
    {
        ArgumentNullException.ThrowIfNull(key);
        var secret = key.ToUnprotectedBinary();
        try
        {
            return Shamir.Split(secret, threshold, shareCount);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Rebuilds the master secret key from at least M distinct shares of one set.</summary>
    /// <exception cref="ShareException">Too few, mixed, duplicate or corrupt shares.</exception>
    /// <exception cref="KeyFormatException">The shares combine, but not to a master secret key (they split something else).</exception>
    public static MasterSecretKey Combine(IReadOnlyCollection<SecretShare> shares)
    {
        var secret = Shamir.Combine(shares);
        try
        {
            return MasterSecretKey.Parse(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
