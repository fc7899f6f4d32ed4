// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// Builds a version 3 public-key encrypted session key packet (RFC 4880 section 5.1) for an RSA key: the
/// session key, prefixed by its algorithm octet and followed by its two-octet checksum, encrypted with
/// PKCS#1 v1.5 (RFC 8017 section 7.2) and written as one MPI. Like <see cref="Curve25519SessionKeyPacket"/>,
/// it exists because BouncyCastle's generator chooses the session key itself, and re-wrapping
/// (docs/decisions/0020) must give a known key to a new RSA key.
/// </summary>
internal static class RsaSessionKeyPacket
{
    /// <summary>True when <paramref name="key"/> is an RSA key that may encrypt.</summary>
    public static bool Supports(PgpPublicKey key) =>
        key.Algorithm is PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt;

    /// <summary>The whole packet (header and body) that gives <paramref name="sessionKey"/> (AES-256) to <paramref name="key"/>.</summary>
    /// <param name="key">An RSA key whose modulus went through <see cref="RsaModulusCheck.EnsureValidated"/>.</param>
    /// <param name="sessionKey">The 32-octet session key.</param>
    public static byte[] Encode(PgpPublicKey key, ReadOnlySpan<byte> sessionKey)
    {
        var sessionInfo = new byte[3 + sessionKey.Length];
        try
        {
            sessionInfo[0] = (byte)SymmetricKeyAlgorithmTag.Aes256;
            sessionKey.CopyTo(sessionInfo.AsSpan(1));
            var checksum = 0;
            foreach (var b in sessionKey)
            {
                checksum += b;
            }

            BinaryPrimitives.WriteUInt16BigEndian(sessionInfo.AsSpan(1 + sessionKey.Length), (ushort)checksum);
            var publicKey = (RsaKeyParameters)RsaModulusCheck.WithValidatedKeys(key.GetKey);
            var rsa = new Pkcs1Encoding(new RsaBlindedEngine());
            rsa.Init(true, new ParametersWithRandom(publicKey, KeyGenerator.Random));
            var encrypted = new BigInteger(1, rsa.ProcessBlock(sessionInfo, 0, sessionInfo.Length));
            var value = encrypted.ToByteArrayUnsigned();

            // version, key ID, algorithm, MPI (bit count, then the value without leading zeros).
            using var packet = new MemoryStream(16 + value.Length);
            OpenPgpPacket.WriteHeader(packet, (int)PacketTag.PublicKeyEncryptedSession, 1 + 8 + 1 + 2 + value.Length);
            Span<byte> fixedPart = stackalloc byte[12];
            fixedPart[0] = 3;
            BinaryPrimitives.WriteInt64BigEndian(fixedPart[1..], key.KeyId);
            fixedPart[9] = (byte)key.Algorithm;
            BinaryPrimitives.WriteUInt16BigEndian(fixedPart[10..], (ushort)encrypted.BitLength);
            packet.Write(fixedPart);
            packet.Write(value);
            return packet.ToArray();
        }
        catch (InvalidCipherTextException e)
        {
            throw new NoEncryptionKeyException($"key {key.KeyId:X16} cannot encrypt a session key: {e.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionInfo);
        }
    }
}
