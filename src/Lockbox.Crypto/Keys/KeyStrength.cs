// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Keys;

/// <summary>
/// A key's algorithm and strength as a user reads them: "RSA" with 3072 bits, or "EdDSA" on the curve "Ed25519".
/// Curves have no bit count here: BouncyCastle's <c>BitStrength</c> is -1 for Curve25519 ECDH (DESIGN.md section 4).
/// </summary>
/// <param name="Algorithm">"RSA", "DSA", "ElGamal", "ECDH", "ECDSA", "EdDSA", "X25519", "Ed25519", or "algorithm N".</param>
/// <param name="Bits">The modulus or prime size for RSA, DSA and ElGamal; null for curves.</param>
/// <param name="Curve">The curve's common name (<c>Cv25519</c>, <c>NIST P-256</c>, ...) for elliptic-curve keys; else null.</param>
public sealed record KeyStrength(string Algorithm, int? Bits, string? Curve)
{
    /// <summary>The certificate's primary key.</summary>
    public static KeyStrength OfPrimary(PublicCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Of(certificate.Ring.GetPublicKey());
    }

    /// <summary>The key new mail is encrypted to now, or null when none can be (<see cref="PublicCertificate.CanEncrypt"/>).</summary>
    public static KeyStrength? OfEncryptionKey(PublicCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.EncryptionKeys is [var key, ..] ? Of(key) : null;
    }

    static KeyStrength Of(PgpPublicKey key) => key.Algorithm switch
    {
        PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt or PublicKeyAlgorithmTag.RsaSign => new("RSA", key.BitStrength, null),
        PublicKeyAlgorithmTag.Dsa => new("DSA", key.BitStrength, null),
        PublicKeyAlgorithmTag.ElGamalEncrypt or PublicKeyAlgorithmTag.ElGamalGeneral => new("ElGamal", key.BitStrength, null),
        PublicKeyAlgorithmTag.ECDH => new("ECDH", null, CurveOf(key)),
        PublicKeyAlgorithmTag.ECDsa => new("ECDSA", null, CurveOf(key)),
        PublicKeyAlgorithmTag.EdDsa_Legacy => new("EdDSA", null, CurveOf(key)),
        // RFC 9580 section 9.1: the native Curve25519 algorithms name their curve.
        PublicKeyAlgorithmTag.X25519 => new("X25519", null, "Curve25519"),
        PublicKeyAlgorithmTag.Ed25519 => new("Ed25519", null, "Curve25519"),
        _ => new($"algorithm {(int)key.Algorithm}", key.BitStrength > 0 ? key.BitStrength : null, null),
    };

    static string CurveOf(PgpPublicKey key) => KeyDescription.CurveName(((ECPublicBcpgKey)key.PublicKeyPacket.Key).CurveOid);
}
