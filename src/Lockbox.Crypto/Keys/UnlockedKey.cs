// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Keys;

/// <summary>
/// A secret key in memory, unprotected, for one session. Opaque outside Lockbox.Crypto: no member
/// exposes key bytes. Dispose it when the session ends; it drops every reference to the key and
/// zeroes the buffers it owns. BouncyCastle keeps key numbers in immutable BigIntegers that cannot
/// be zeroed, which docs/threat-model.md states.
/// </summary>
public sealed class UnlockedKey : IDisposable
{
    PgpSecretKeyRing? _ring;
    readonly Dictionary<long, PgpPrivateKey> _privateKeys = [];

    UnlockedKey(PgpSecretKeyRing ring)
    {
        _ring = ring;
        Certificate = new PublicCertificate(PublicPart(ring));
    }

    /// <summary>
    /// The public key ring of a secret key ring. BouncyCastle gives a secret subkey's public key a
    /// primary-key packet, so each subkey is re-encoded with the public-subkey tag (RFC 4880 section 5.5.1.2).
    /// </summary>
    internal static PgpPublicKeyRing PublicPart(PgpSecretKeyRing ring)
    {
        using var buffer = new MemoryStream();
        using (var output = new BcpgOutputStream(buffer))
        {
            // The first key of a transferable key is the primary key (RFC 4880 section 11.2).
            ring.GetPublicKey().Encode(output);
            foreach (var key in ring.GetPublicKeys().Skip(1))
            {
                var packet = key.PublicKeyPacket;
                new PublicSubkeyPacket((byte)packet.Version, packet.Algorithm, packet.GetTime(), packet.Key).Encode(output);
                foreach (var signature in key.GetSignatures())
                {
                    signature.Encode(output);
                }
            }
        }

        return new PgpPublicKeyRing(buffer.ToArray());
    }

    /// <summary>The public half of this key.</summary>
    public PublicCertificate Certificate { get; }

    /// <summary>True once disposed; every operation then throws <see cref="ObjectDisposedException"/>.</summary>
    public bool IsDisposed => _ring is null;

    internal PgpSecretKeyRing Ring => _ring ?? throw new ObjectDisposedException(nameof(UnlockedKey));

    /// <summary>Wraps a ring whose secret keys are not protected (S2K usage 0).</summary>
    internal static UnlockedKey FromRing(PgpSecretKeyRing ring)
    {
        foreach (var key in ring.GetSecretKeys())
        {
            if (key.KeyEncryptionAlgorithm != SymmetricKeyAlgorithmTag.Null)
            {
                throw new ArgumentException("the secret key ring is still protected", nameof(ring));
            }
        }

        return new UnlockedKey(ring);
    }

    /// <summary>Reads a binary, unprotected secret key ring, as written by <see cref="ToUnprotectedBinary"/>.</summary>
    internal static UnlockedKey FromUnprotectedBinary(byte[] binary)
    {
        var rings = KeyRingReader.ReadAll(binary);
        if (rings.Count != 1 || rings[0] is not PgpSecretKeyRing ring)
        {
            throw new KeyFormatException("expected exactly one secret key");
        }

        return FromRing(ring);
    }

    /// <summary>The binary secret key ring with no protection. The caller owns the buffer and must zero it.</summary>
    internal byte[] ToUnprotectedBinary() => Ring.GetEncoded();

    /// <summary>The private key with this key ID, or null if this key has no such (sub)key.</summary>
    internal PgpPrivateKey? FindPrivateKey(long keyId)
    {
        lock (_privateKeys)
        {
            if (_privateKeys.TryGetValue(keyId, out var cached))
            {
                return cached;
            }

            var secret = Ring.GetSecretKey(keyId);
            if (secret is null || secret.IsPrivateKeyEmpty)
            {
                return null;
            }

            var extracted = secret.ExtractPrivateKey(null);
            _privateKeys[keyId] = extracted;
            return extracted;
        }
    }

    public void Dispose()
    {
        lock (_privateKeys)
        {
            _privateKeys.Clear();
            _ring = null;
        }
    }
}
