// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Keys;

/// <summary>Human-readable algorithm and strength of a key, e.g. "RSA 3072", "Cv25519", "NIST P-256".</summary>
internal static class KeyDescription
{
    public static string Describe(PgpPublicKey key) => key.Algorithm switch
    {
        PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt or PublicKeyAlgorithmTag.RsaSign
            => $"RSA {key.BitStrength}",
        PublicKeyAlgorithmTag.Dsa => $"DSA {key.BitStrength}",
        PublicKeyAlgorithmTag.ElGamalEncrypt or PublicKeyAlgorithmTag.ElGamalGeneral => $"ElGamal {key.BitStrength}",
        PublicKeyAlgorithmTag.ECDH or PublicKeyAlgorithmTag.ECDsa or PublicKeyAlgorithmTag.EdDsa_Legacy
            => CurveName(((ECPublicBcpgKey)key.PublicKeyPacket.Key).CurveOid),
        _ => $"algorithm {(int)key.Algorithm}",
    };

    /// <summary>The curve's common name, or its OID when Lockbox does not know it.</summary>
    public static string CurveName(DerObjectIdentifier oid) => oid.Id switch
    {
        "1.3.6.1.4.1.3029.1.5.1" => "Cv25519",
        "1.3.6.1.4.1.11591.15.1" => "Ed25519",
        "1.2.840.10045.3.1.7" => "NIST P-256",
        "1.3.132.0.34" => "NIST P-384",
        "1.3.132.0.35" => "NIST P-521",
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1",
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1",
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1",
        "1.3.101.110" => "X25519",
        "1.3.101.112" => "Ed25519",
        "1.3.132.0.10" => "secp256k1",
        _ => $"curve {oid.Id}",
    };
}
