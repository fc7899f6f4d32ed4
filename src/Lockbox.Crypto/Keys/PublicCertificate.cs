// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Keys;

/// <summary>
/// A user's OpenPGP certificate (public key ring). Immutable and safe to cache: the parsed key
/// parameters are reused for every message encrypted to it (DESIGN.md section 4).
/// </summary>
public sealed class PublicCertificate
{
    internal PublicCertificate(PgpPublicKeyRing ring)
    {
        Ring = ring;
        Fingerprint = Convert.ToHexString(ring.GetPublicKey().GetFingerprint());
    }

    internal PgpPublicKeyRing Ring { get; }

    /// <summary>The primary key's v4 fingerprint, 40 upper-case hex digits.</summary>
    public string Fingerprint { get; }

    /// <summary>The primary key's 64-bit key ID, as 16 upper-case hex digits.</summary>
    public string KeyId => Fingerprint[^16..];

    /// <summary>When the primary key was created (UTC).</summary>
    public DateTime CreatedUtc => Ring.GetPublicKey().CreationTime;

    /// <summary>The user IDs, as written in the key.</summary>
    public IReadOnlyList<string> UserIds => [.. Ring.GetPublicKey().GetUserIds().Cast<string>()];

    /// <summary>The primary key's algorithm and strength, e.g. "Ed25519" or "RSA 3072".</summary>
    public string PrimaryAlgorithm => KeyDescription.Describe(Ring.GetPublicKey());

    /// <summary>Parses one certificate, ASCII-armored or binary. Secret key material is refused.</summary>
    /// <exception cref="KeyFormatException">The bytes are not exactly one OpenPGP public key ring.</exception>
    public static PublicCertificate Parse(ReadOnlySpan<byte> data)
    {
        var rings = KeyRingReader.ReadAll(data);
        if (rings.Count != 1 || rings[0] is not PgpPublicKeyRing ring)
        {
            throw new KeyFormatException(rings.Count == 1
                ? "expected a public key, found a secret key"
                : $"expected exactly one public key, found {rings.Count} keys");
        }

        return new PublicCertificate(ring);
    }

    /// <summary>The binary transferable public key (RFC 4880 section 11.1).</summary>
    public byte[] ToBinary() => Ring.GetEncoded();

    /// <summary>The ASCII-armored transferable public key, as gpg --export --armor writes it.</summary>
    public string ToArmored() => Armor.Encode(Ring.GetEncoded());

    /// <summary>
    /// When the key that messages are encrypted to now expires (its own or the primary key's expiry, whichever comes
    /// first), or null if it does not expire or no key can encrypt any more (<see cref="CanEncrypt"/>).
    /// </summary>
    public DateTime? EncryptionExpiresUtc => Encryption.ExpiresUtc;

    /// <summary>Whether any key of the certificate can be encrypted to now: bound, unexpired, unrevoked, flagged for it.</summary>
    public bool CanEncrypt => Encryption.Keys.Count > 0;

    /// <summary>The keys that messages are encrypted to: valid, encryption-capable, verified, newest first.</summary>
    internal IReadOnlyList<PgpPublicKey> EncryptionKeys => Encryption.Keys;

    /// <remarks>
    /// Computed once and again only after the chosen key expires, so a certificate cached by a long-running server
    /// stops being encrypted to at its expiry. Under a lock: BouncyCastle's <c>PgpSignature.InitVerify</c> keeps the
    /// verifier in the signature object, so two threads verifying the same ring at once corrupt each other and a
    /// good key reads as unusable.
    /// </remarks>
    (IReadOnlyList<PgpPublicKey> Keys, DateTime? ExpiresUtc) Encryption
    {
        get
        {
            lock (_encryptionLock)
            {
                var now = DateTime.UtcNow;
                if (_encryption is not { } known || known.ExpiresUtc <= now)
                {
                    _encryption = KeyValidity.UsableEncryptionKeys(Ring, now);
                }

                return _encryption.Value;
            }
        }
    }

    readonly Lock _encryptionLock = new();
    (IReadOnlyList<PgpPublicKey> Keys, DateTime? ExpiresUtc)? _encryption;
}
