// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Policy;

/// <summary>
/// Minimum key sizes for <see cref="KeyPolicy"/>. The floors are hard: options may raise a minimum, never
/// lower it. ElGamal (OpenPGP's finite-field Diffie-Hellman) needs 4096 bits because OpenPGP implementations
/// use short exponents and 2048/3072-bit groups are within reach of precomputation (Logjam, 2015).
/// </summary>
public sealed class KeyPolicyOptions
{
    /// <summary>Lowest allowed <see cref="MinimumRsaBits"/>.</summary>
    public const int RsaFloor = 2048;

    /// <summary>Lowest allowed <see cref="MinimumElGamalBits"/>.</summary>
    public const int ElGamalFloor = 4096;

    /// <summary>Lowest allowed <see cref="MinimumDsaBits"/>.</summary>
    public const int DsaFloor = 2048;

    /// <summary>Minimum RSA modulus size in bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below <see cref="RsaFloor"/>.</exception>
    public int MinimumRsaBits
    {
        get;
        init => field = AtLeast(value, RsaFloor, "RSA");
    } = RsaFloor;

    /// <summary>Minimum ElGamal prime size in bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below <see cref="ElGamalFloor"/>.</exception>
    public int MinimumElGamalBits
    {
        get;
        init => field = AtLeast(value, ElGamalFloor, "ElGamal");
    } = ElGamalFloor;

    /// <summary>Minimum DSA prime size in bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below <see cref="DsaFloor"/>.</exception>
    public int MinimumDsaBits
    {
        get;
        init => field = AtLeast(value, DsaFloor, "DSA");
    } = DsaFloor;

    static int AtLeast(int value, int floor, string algorithm) => value >= floor
        ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"the {algorithm} minimum may be raised, not lowered below its floor of {floor} bits");
}
