// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Policy;

/// <summary>
/// Algorithm and size rules for one key. Curves are judged by OID, never by <c>BitStrength</c>, which
/// BouncyCastle reports as -1 for Curve25519 ECDH (DESIGN.md section 4).
/// </summary>
internal static class KeyStrengthRule
{
    const string AllowedCurves = "Curve25519, NIST P-256/P-384/P-521, brainpoolP256r1/P384r1/P512r1";

    // RFC 6637 (ECDH, ECDSA), RFC 4880bis / RFC 9580 section 9.2 (legacy Cv25519, Ed25519).
    static readonly HashSet<string> NistAndBrainpool =
    [
        "1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35",
        "1.3.36.3.3.2.8.1.1.7", "1.3.36.3.3.2.8.1.1.11", "1.3.36.3.3.2.8.1.1.13",
    ];

    const string Cv25519Oid = "1.3.6.1.4.1.3029.1.5.1";
    const string Ed25519LegacyOid = "1.3.6.1.4.1.11591.15.1";

    /// <summary>The one-line rejection for <paramref name="key"/>, or null if it is strong enough.</summary>
    /// <param name="key">The key to judge.</param>
    /// <param name="label">How the reason names the key, e.g. "encryption subkey 0x1234ABCD5678EF90".</param>
    /// <param name="options">The size minimums in force.</param>
    public static string? Check(PgpPublicKey key, string label, KeyPolicyOptions options)
    {
        switch (key.Algorithm)
        {
            case PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt or PublicKeyAlgorithmTag.RsaSign:
                return Size(key, label, "RSA", options.MinimumRsaBits);
            case PublicKeyAlgorithmTag.ElGamalEncrypt or PublicKeyAlgorithmTag.ElGamalGeneral:
                return Size(key, label, "ElGamal", options.MinimumElGamalBits);
            case PublicKeyAlgorithmTag.Dsa:
                return Size(key, label, "DSA", options.MinimumDsaBits);
            case PublicKeyAlgorithmTag.ECDH:
                return Curve(key, label, oid => oid == Cv25519Oid || NistAndBrainpool.Contains(oid));
            case PublicKeyAlgorithmTag.ECDsa:
                return Curve(key, label, NistAndBrainpool.Contains);
            case PublicKeyAlgorithmTag.EdDsa_Legacy:
                return Curve(key, label, oid => oid == Ed25519LegacyOid);
            // RFC 9580 section 9.1 native Curve25519 keys: the allowed curve under its own algorithm ID.
            case PublicKeyAlgorithmTag.X25519 or PublicKeyAlgorithmTag.Ed25519:
                return null;
            default:
                return $"rejected: {label} uses {AlgorithmName(key.Algorithm)}, which is not allowed (allowed: RSA, DSA, ElGamal, ECDH, ECDSA, EdDSA on {AllowedCurves})";
        }
    }

    /// <summary>"RSA 3072", "Cv25519", "NIST P-256": the algorithm and strength, for summaries.</summary>
    public static string Describe(PgpPublicKey key) => key.Algorithm switch
    {
        PublicKeyAlgorithmTag.X25519 => "X25519",
        PublicKeyAlgorithmTag.Ed25519 => "Ed25519",
        PublicKeyAlgorithmTag.X448 or PublicKeyAlgorithmTag.Ed448 => AlgorithmName(key.Algorithm),
        _ => KeyDescription.Describe(key),
    };

    static string? Size(PgpPublicKey key, string label, string algorithm, int minimum) =>
        key.BitStrength >= minimum ? null : $"rejected: {label} is {algorithm} {key.BitStrength} bits; the minimum is {minimum}";

    static string? Curve(PgpPublicKey key, string label, Func<string, bool> allowed)
    {
        var oid = ((ECPublicBcpgKey)key.PublicKeyPacket.Key).CurveOid;
        return allowed(oid.Id)
            ? null
            : $"rejected: {label} uses curve {KeyDescription.CurveName(oid)} for {AlgorithmName(key.Algorithm)}, which is not allowed (allowed: {AllowedCurves})";
    }

    static string AlgorithmName(PublicKeyAlgorithmTag algorithm) => algorithm switch
    {
        PublicKeyAlgorithmTag.ECDH => "ECDH",
        PublicKeyAlgorithmTag.ECDsa => "ECDSA",
        PublicKeyAlgorithmTag.EdDsa_Legacy => "EdDSA",
        PublicKeyAlgorithmTag.X448 => "X448",
        PublicKeyAlgorithmTag.Ed448 => "Ed448",
        _ => $"public-key algorithm {(int)algorithm}",
    };
}
