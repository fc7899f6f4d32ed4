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
internal static class KeyValidity
{
    static readonly int[] CertificationTypes =
    [
        PgpSignature.DefaultCertification, PgpSignature.NoCertification,
        PgpSignature.CasualCertification, PgpSignature.PositiveCertification,
    ];

    /// <summary>Encryption-capable keys that are bound, unexpired and unrevoked at <paramref name="now"/>, newest first.</summary>
    public static IReadOnlyList<PgpPublicKey> UsableEncryptionKeys(PgpPublicKeyRing ring, DateTime now)
    {
        var primary = ring.GetPublicKey();
        var primaryState = Primary(ring);
        if (!primaryState.IsValidAt(now))
        {
            return [];
        }

        var candidates = new List<KeyState> { primaryState };
        candidates.AddRange(Subkeys(ring));
        return [.. candidates
            .Where(s => s.IsValidAt(now) && s.CanEncrypt)
            .OrderByDescending(s => s.Key.IsMasterKey ? DateTime.MinValue : s.Key.CreationTime)
            .Select(s => s.Key)];
    }

    /// <summary>The primary key's state, from its newest verified self-certification or direct-key signature.</summary>
    public static KeyState Primary(PgpPublicKeyRing ring)
    {
        var primary = ring.GetPublicKey();
        var selfSignatures = new List<PgpSignature>();
        foreach (var userId in primary.GetUserIds().Cast<string>())
        {
            selfSignatures.AddRange(primary.GetSignaturesForId(userId)
                .Where(s => CertificationTypes.Contains(s.SignatureType) && Verify(s, primary, () => s.VerifyCertification(userId, primary))));
        }

        selfSignatures.AddRange(primary.GetSignaturesOfType(PgpSignature.DirectKey)
            .Where(s => Verify(s, primary, () => s.VerifyCertification(primary))));
        var revoked = primary.GetSignaturesOfType(PgpSignature.KeyRevocation)
            .Any(s => Verify(s, primary, () => s.VerifyCertification(primary)));
        return new KeyState(primary, Newest(selfSignatures), revoked);
    }

    /// <summary>Each subkey's state, from its newest verified binding signature.</summary>
    public static IEnumerable<KeyState> Subkeys(PgpPublicKeyRing ring)
    {
        var primary = ring.GetPublicKey();
        // The first key of a transferable key is the primary key (RFC 4880 section 11.1).
        foreach (var subkey in ring.GetPublicKeys().Skip(1))
        {
            var bindings = subkey.GetSignaturesOfType(PgpSignature.SubkeyBinding)
                .Where(s => Verify(s, primary, () => s.VerifyCertification(primary, subkey)));
            var revoked = subkey.GetSignaturesOfType(PgpSignature.SubkeyRevocation)
                .Any(s => Verify(s, primary, () => s.VerifyCertification(primary, subkey)));
            yield return new KeyState(subkey, Newest(bindings), revoked);
        }
    }

    static PgpSignature? Newest(IEnumerable<PgpSignature> signatures) =>
        signatures.OrderByDescending(s => s.CreationTime).FirstOrDefault();

    /// <summary>True if <paramref name="signature"/> was issued by <paramref name="signer"/> and verifies.</summary>
    static bool Verify(PgpSignature signature, PgpPublicKey signer, Func<bool> verify)
    {
        if (signature.KeyId != signer.KeyId && signature.KeyId != 0)
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

    /// <summary>One key with the signature that binds it (null if none verifies) and its verified revocation state.</summary>
    internal sealed record KeyState(PgpPublicKey Key, PgpSignature? Binding, bool Revoked)
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
            Binding is not null && !Revoked && (ExpiresUtc is not { } expires || expires > now);

        /// <summary>
        /// Whether the key may encrypt. Key flags decide when present (RFC 4880 section 5.2.3.21);
        /// a binding without them allows what the algorithm can do.
        /// </summary>
        public bool CanEncrypt
        {
            get
            {
                if (!IsEncryptionAlgorithm(Key.Algorithm))
                {
                    return false;
                }

                var hashed = Binding?.GetHashedSubPackets();
                if (hashed is null || !hashed.HasSubpacket(SignatureSubpacketTag.KeyFlags))
                {
                    return true;
                }

                return (hashed.GetKeyFlags() & (KeyFlags.EncryptComms | KeyFlags.EncryptStorage)) != 0;
            }
        }

        static bool IsEncryptionAlgorithm(PublicKeyAlgorithmTag algorithm) => algorithm is
            PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt or
            PublicKeyAlgorithmTag.ElGamalEncrypt or PublicKeyAlgorithmTag.ElGamalGeneral or
            PublicKeyAlgorithmTag.ECDH;
    }
}
