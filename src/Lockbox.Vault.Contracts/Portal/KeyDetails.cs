// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>What a user may know about an OpenPGP key: public facts only, never key material.</summary>
/// <param name="Fingerprint">The primary key's fingerprint, 40 upper-case hex digits.</param>
/// <param name="Algorithm">The primary key's algorithm: "RSA", "DSA", "EdDSA", "ECDSA", "Ed25519", ...</param>
/// <param name="Bits">The primary key's size in bits (RSA, DSA, ElGamal); null for elliptic curves.</param>
/// <param name="Curve">The primary key's curve ("Ed25519", "NIST P-256", ...); null for RSA, DSA, ElGamal.</param>
/// <param name="EncryptionAlgorithm">The algorithm of the key mail is encrypted to now ("ECDH", "RSA", ...); null if none can be.</param>
/// <param name="EncryptionBits">Its size in bits, or null for a curve or when there is none.</param>
/// <param name="EncryptionCurve">Its curve ("Cv25519", ...), or null.</param>
/// <param name="Summary">Every key in use in one line, e.g. "Ed25519 primary, Cv25519 encryption subkey".</param>
/// <param name="UserIds">The user IDs written in the key.</param>
/// <param name="CreatedUtc">When the primary key was created.</param>
/// <param name="ExpiresUtc">When mail can no longer be encrypted to it; null if it does not expire (or already cannot be encrypted to).</param>
/// <param name="CanEncrypt">Whether mail can be encrypted to it now (not expired, not revoked).</param>
/// <param name="ExpiresSoon">True when it expires within 30 days or can no longer be encrypted to: show <paramref name="Warning"/>.</param>
/// <param name="Warning">What to do about the expiry, in one sentence; null when nothing is due.</param>
public sealed record KeyDetails(
    string Fingerprint,
    string Algorithm,
    int? Bits,
    string? Curve,
    string? EncryptionAlgorithm,
    int? EncryptionBits,
    string? EncryptionCurve,
    string Summary,
    IReadOnlyList<string> UserIds,
    DateTime CreatedUtc,
    DateTime? ExpiresUtc,
    bool CanEncrypt,
    bool ExpiresSoon,
    string? Warning);
