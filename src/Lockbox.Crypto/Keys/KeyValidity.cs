// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Bcpg.Sig;

namespace Lockbox.Crypto.Keys;

/// <summary>
/// Which keys of a certificate are valid, read from <em>verified</em> self-signatures only.
/// BouncyCastle's <c>IsEncryptionKey</c> ignores key flags and <c>IsRevoked()</c> does not verify
/// the revocation (DESIGN.md section 4), so neither is used here.
/// </summary>
/// <remarks>
/// A self-signature counts only if it was made by the primary key, verifies, was made no earlier than the
/// key it binds and no later than the evaluation time, has not expired (RFC 4880 section 5.2.3.10), and
/// uses an acceptable hash (<see cref="SignatureHashRule"/>). A binding with a refused hash does not count
/// and is reported in <see cref="KeyState.RefusedSignatures"/> so the policy can name it. Revocations
/// count whatever their hash: honouring a revocation can only make us refuse a key, never trust one.
/// Designated revokers (RFC 4880 section 5.2.3.15) are not honoured: a third party cannot revoke.
/// </remarks>
internal static class KeyValidity
{
    static readonly int[] CertificationTypes =
    [
        PgpSignature.DefaultCertification, PgpSignature.NoCertification,
        PgpSignature.CasualCertification, PgpSignature.PositiveCertification,
    ];

    /// <summary>
    /// Encryption-capable keys that are bound, unexpired and unrevoked at <paramref name="now"/>, newest first, and
    /// when the first of them (the one messages are encrypted to) stops being usable: the earlier of its own and the
    /// primary key's expiry, null if neither expires.
    /// </summary>
    public static (IReadOnlyList<PgpPublicKey> Keys, DateTime? ExpiresUtc) UsableEncryptionKeys(PgpPublicKeyRing ring, DateTime now)
    {
        var primaryState = Primary(ring, now);
        if (!primaryState.IsValidAt(now))
        {
            return ([], null);
        }

        var candidates = new List<KeyState> { primaryState };
        candidates.AddRange(Subkeys(ring, now));
        var usable = candidates
            .Where(s => s.IsValidAt(now) && s.CanEncrypt)
            .OrderByDescending(s => s.Key.IsMasterKey ? DateTime.MinValue : s.Key.CreationTime)
            .ToList();
        var expires = usable.Count == 0 ? null
            : new[] { primaryState.ExpiresUtc, usable[0].ExpiresUtc }.Where(e => e is not null).Min();
        return ([.. usable.Select(s => s.Key)], expires);
    }

    /// <summary>
    /// The primary key's state, from its newest valid self-certification or direct-key signature. A user ID
    /// whose newest verified certification revocation (RFC 4880 section 5.2.1, type 0x30) is newer than its
    /// certifications no longer vouches for the key.
    /// </summary>
    public static KeyState Primary(PgpPublicKeyRing ring, DateTime now)
    {
        var primary = ring.GetPublicKey();
        var selfSignatures = new List<PgpSignature>();
        foreach (var userId in primary.GetUserIds().Cast<string>())
        {
            // BouncyCastle returns null for a user ID with no signature packet after it (a cut-off key, found by fuzzing,
            // docs/decisions/0033): such an ID certifies nothing.
            var signatures = primary.GetSignaturesForId(userId)?.Cast<PgpSignature>().ToList() ?? [];
            var certifications = signatures
                .Where(s => CertificationTypes.Contains(s.SignatureType)
                    && Verify(s, primary, primary, now, () => s.VerifyCertification(userId, primary)))
                .ToList();
            var revokedAt = signatures
                .Where(s => s.SignatureType == PgpSignature.CertificationRevocation
                    && Verify(s, primary, primary, now, () => s.VerifyCertification(userId, primary)))
                .Select(s => (DateTime?)s.CreationTime)
                .Max();
            selfSignatures.AddRange(certifications.Where(s => revokedAt is not { } r || s.CreationTime > r));
        }

        selfSignatures.AddRange(primary.GetSignaturesOfType(PgpSignature.DirectKey)
            .Where(s => Verify(s, primary, primary, now, () => s.VerifyCertification(primary))));
        var revoked = primary.GetSignaturesOfType(PgpSignature.KeyRevocation)
            .Any(s => Verify(s, primary, primary, now, () => s.VerifyCertification(primary)));
        return State(primary, selfSignatures, revoked);
    }

    /// <summary>Each subkey's state, from its newest valid binding signature.</summary>
    public static IEnumerable<KeyState> Subkeys(PgpPublicKeyRing ring, DateTime now)
    {
        var primary = ring.GetPublicKey();
        // The first key of a transferable key is the primary key (RFC 4880 section 11.1).
        foreach (var subkey in ring.GetPublicKeys().Skip(1))
        {
            var bindings = subkey.GetSignaturesOfType(PgpSignature.SubkeyBinding)
                .Where(s => Verify(s, primary, subkey, now, () => s.VerifyCertification(primary, subkey)))
                .ToList();
            var revoked = subkey.GetSignaturesOfType(PgpSignature.SubkeyRevocation)
                .Any(s => Verify(s, primary, subkey, now, () => s.VerifyCertification(primary, subkey)));
            yield return State(subkey, bindings, revoked);
        }
    }

    /// <summary>
    /// The newest acceptable signature binds the key. Refused-hash signatures newer than it are kept: they
    /// are what the key holder last meant, so the policy must name them rather than silently fall back.
    /// </summary>
    static KeyState State(PgpPublicKey key, IReadOnlyCollection<PgpSignature> verified, bool revoked)
    {
        var binding = verified.Where(SignatureHashRule.IsAcceptable).OrderByDescending(s => s.CreationTime).FirstOrDefault();
        var refused = verified
            .Where(s => !SignatureHashRule.IsAcceptable(s) && (binding is null || s.CreationTime > binding.CreationTime))
            .OrderByDescending(s => s.CreationTime)
            .ToList();
        return new KeyState(key, binding, revoked, refused);
    }

    /// <summary>True if <paramref name="signature"/> was issued by <paramref name="signer"/>, verifies, and is in force at <paramref name="now"/>.</summary>
    static bool Verify(PgpSignature signature, PgpPublicKey signer, PgpPublicKey signed, DateTime now, Func<bool> verify)
    {
        if (signature.KeyId != signer.KeyId && signature.KeyId != 0)
        {
            return false;
        }

        // A signature older than the key it binds cannot be genuine; one from the future is not in force yet.
        if (signature.CreationTime < signed.CreationTime || signature.CreationTime > now)
        {
            return false;
        }

        var lifetime = signature.GetHashedSubPackets()?.GetSignatureExpirationTime() ?? 0;
        if (lifetime != 0 && signature.CreationTime.AddSeconds(lifetime) <= now)
        {
            return false;
        }

        try
        {
            signature.InitVerify(signer);
            return verify();
        }
        catch (PgpException)
        {
            return false; // malformed or unsupported signature: treat as absent, never as valid
        }
    }

    /// <summary>
    /// One key with the signature that binds it (null if none is valid), its verified revocation state, and
    /// verified signatures newer than the binding that were refused for their hash.
    /// </summary>
    internal sealed record KeyState(PgpPublicKey Key, PgpSignature? Binding, bool Revoked, IReadOnlyList<PgpSignature> RefusedSignatures)
    {
        /// <summary>When the key expires (UTC), or null if it does not.</summary>
        public DateTime? ExpiresUtc
        {
            get
            {
                var seconds = Binding?.GetHashedSubPackets()?.GetKeyExpirationTime() ?? 0;
                return seconds == 0 ? null : Key.CreationTime.AddSeconds(seconds);
            }
        }

        public bool IsValidAt(DateTime now) =>
            Binding is not null && !Revoked && Key.CreationTime <= now && (ExpiresUtc is not { } expires || expires > now);

        /// <summary>
        /// Whether the key may encrypt. Key flags decide when present (RFC 4880 section 5.2.3.21);
        /// a binding without them allows what the algorithm can do.
        /// </summary>
        public bool CanEncrypt => CanEncryptPer(Binding);

        /// <summary>
        /// Whether the key was meant to encrypt, judged by its binding or, failing that, its newest refused
        /// signature: used to explain why an intended encryption key is unusable.
        /// </summary>
        public bool IsMeantToEncrypt => CanEncryptPer(Binding ?? (RefusedSignatures.Count > 0 ? RefusedSignatures[0] : null));

        bool CanEncryptPer(PgpSignature? signature)
        {
            if (!IsEncryptionAlgorithm(Key.Algorithm))
            {
                return false;
            }

            var hashed = signature?.GetHashedSubPackets();
            if (hashed is null || !hashed.HasSubpacket(SignatureSubpacketTag.KeyFlags))
            {
                return true;
            }

            return (hashed.GetKeyFlags() & (KeyFlags.EncryptComms | KeyFlags.EncryptStorage)) != 0;
        }

        static bool IsEncryptionAlgorithm(PublicKeyAlgorithmTag algorithm) => algorithm is
            PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt or
            PublicKeyAlgorithmTag.ElGamalEncrypt or PublicKeyAlgorithmTag.ElGamalGeneral or
            PublicKeyAlgorithmTag.ECDH;
    }
}
