// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Lockbox.Crypto.Keys;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// Builds a version 3 public-key encrypted session key packet (RFC 4880 section 5.1) for a legacy
/// ECDH Curve25519 key (RFC 6637 with the Curve25519 encoding of RFC 4880bis / RFC 9580 section
/// 11.5): an ephemeral X25519 key, the RFC 6637 section 7 KDF (BouncyCastle's
/// <see cref="Rfc6637Utilities"/>), and an RFC 3394 AES key wrap of the padded session key. It
/// exists so that <see cref="SeipdEncryptingStream"/> can choose the session key itself: BouncyCastle's
/// generator keeps it private. The packet is what BouncyCastle and gpg write for the same key.
/// </summary>
internal static class Curve25519SessionKeyPacket
{
    /// <summary>The Curve25519 OID of legacy ECDH keys (RFC 9580 section 9.2).</summary>
    static readonly DerObjectIdentifier Curve25519Oid = new("1.3.6.1.4.1.3029.1.5.1");

    const int EphemeralPointLength = 33; // 0x40 prefix || 32-byte native u-coordinate

    /// <summary>True when <paramref name="key"/> is a legacy ECDH key on Curve25519, which this class handles.</summary>
    public static bool Supports(PgpPublicKey key) =>
        key.Algorithm == PublicKeyAlgorithmTag.ECDH
        && key.PublicKeyPacket.Key is ECDHPublicBcpgKey ecKey
        && ecKey.CurveOid.Equals(Curve25519Oid);

    /// <summary>The whole packet (header and body) that gives <paramref name="sessionKey"/> (AES-256) to <paramref name="key"/>.</summary>
    public static byte[] Encode(PgpPublicKey key, ReadOnlySpan<byte> sessionKey)
    {
        var ecKey = (ECDHPublicBcpgKey)key.PublicKeyPacket.Key;
        var point = ecKey.EncodedPoint.ToByteArrayUnsigned();
        if (point.Length != EphemeralPointLength || point[0] != 0x40)
        {
            throw new NoEncryptionKeyException($"key {key.KeyId:X16} is not a valid Curve25519 point");
        }

        var secret = new byte[X25519PrivateKeyParameters.SecretSize];
        var ephemeralPublic = new byte[EphemeralPointLength];
        ephemeralPublic[0] = 0x40;
        byte[]? kek = null;
        var sessionInfo = new byte[40];
        try
        {
            if (!Agree(point.AsSpan(1), ephemeralPublic.AsSpan(1), secret))
            {
                // A low-order point gives an all-zero secret (RFC 7748 section 6.1): fail closed.
                throw new NoEncryptionKeyException($"key {key.KeyId:X16} is not a usable Curve25519 key");
            }

            kek = Rfc6637Utilities.CreateKey(key.PublicKeyPacket, secret);

            // RFC 4880 section 5.1: algorithm octet, key, two-octet checksum; RFC 6637 section 8:
            // PKCS#5 padding to a multiple of 8 (35 -> 40 octets for AES-256).
            sessionInfo[0] = (byte)SymmetricKeyAlgorithmTag.Aes256;
            sessionKey.CopyTo(sessionInfo.AsSpan(1));
            var checksum = 0;
            foreach (var b in sessionKey)
            {
                checksum += b;
            }

            BinaryPrimitives.WriteUInt16BigEndian(sessionInfo.AsSpan(1 + sessionKey.Length), (ushort)checksum);
            var padding = sessionInfo.Length - 3 - sessionKey.Length;
            sessionInfo.AsSpan(3 + sessionKey.Length).Fill((byte)padding);

            var wrap = new Rfc3394WrapEngine(new AesEngine());
            wrap.Init(true, new KeyParameter(kek));
            var wrapped = wrap.Wrap(sessionInfo, 0, sessionInfo.Length);

            // version, key ID, algorithm, MPI(V) (bit count of 0x40||u is 263), length-prefixed C.
            var bodyLength = 1 + 8 + 1 + 2 + EphemeralPointLength + 1 + wrapped.Length;
            var packet = new byte[2 + bodyLength];
            var span = packet.AsSpan();
            span[0] = 0xC0 | (byte)PacketTag.PublicKeyEncryptedSession;
            span[1] = (byte)bodyLength;
            span[2] = 3;
            BinaryPrimitives.WriteInt64BigEndian(span[3..], key.KeyId);
            span[11] = (byte)PublicKeyAlgorithmTag.ECDH;
            BinaryPrimitives.WriteUInt16BigEndian(span[12..], EphemeralPointLength * 8 - 1);
            ephemeralPublic.CopyTo(span[14..]);
            span[14 + EphemeralPointLength] = (byte)wrapped.Length;
            wrapped.CopyTo(span[(15 + EphemeralPointLength)..]);
            return packet;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(sessionInfo);
            if (kek is not null)
            {
                CryptographicOperations.ZeroMemory(kek);
            }
        }
    }

    /// <summary>An ephemeral key and its shared secret with <paramref name="recipient"/>; false for a low-order point.</summary>
    static bool Agree(ReadOnlySpan<byte> recipient, Span<byte> ephemeralPublic, Span<byte> secret)
    {
        if (OpenSslX25519.IsAvailable)
        {
            return OpenSslX25519.Agree(recipient, ephemeralPublic, secret);
        }

        var ephemeral = new X25519PrivateKeyParameters(KeyGenerator.Random);
        var agreement = new byte[X25519PrivateKeyParameters.SecretSize];
        try
        {
            ephemeral.GenerateSecret(new X25519PublicKeyParameters(recipient), agreement, 0);
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        agreement.CopyTo(secret);
        CryptographicOperations.ZeroMemory(agreement);
        ephemeral.GeneratePublicKey().Encode(ephemeralPublic);
        return true;
    }
}
