// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Utilities;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// Opens a version 3 public-key encrypted session key packet (RFC 4880 section 5.1) with a private key and returns the
/// session key itself. BouncyCastle 2.7.0 does this only inside <c>PgpPublicKeyEncryptedData.GetDataStream</c> and
/// keeps the key private; re-wrapping (docs/decisions/0020) needs it to give the same key to another public key.
/// RSA (PKCS#1 v1.5, section 5.1) and ECDH (RFC 6637 sections 7-8: Curve25519 and the Weierstrass curves) are read;
/// the session key must be AES-256, which is all Lockbox has ever written.
/// </summary>
internal static class SessionKeyRecovery
{
    /// <summary>The 32-byte AES-256 session key inside <paramref name="body"/> (a PKESK body). The caller zeroes it.</summary>
    /// <exception cref="MessageFormatException">An algorithm Lockbox does not read, or a malformed packet.</exception>
    /// <exception cref="MessageIntegrityException">The key does not open the packet, or its checksum does not match.</exception>
    public static byte[] Recover(ReadOnlySpan<byte> body, PgpPrivateKey key)
    {
        if (body.Length < 10 || body[0] != 3)
        {
            throw new MessageFormatException("not a version 3 public-key encrypted session key packet");
        }

        var algorithm = (PublicKeyAlgorithmTag)body[9];
        var fields = body[10..];
        byte[] sessionInfo;
        try
        {
            sessionInfo = algorithm switch
            {
                PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt => RecoverRsa(fields, key),
                PublicKeyAlgorithmTag.ECDH => RecoverEcdh(fields, key),
                _ => throw new MessageFormatException($"session keys encrypted with public-key algorithm {(int)algorithm} cannot be re-wrapped"),
            };
        }
        catch (Exception e) when (e is InvalidCipherTextException or DataLengthException or ArgumentException or InvalidCastException or PgpException)
        {
            throw new MessageIntegrityException("the key does not open the session key packet, or the packet is damaged", e);
        }

        try
        {
            return CheckedKey(sessionInfo);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionInfo);
        }
    }

    /// <summary>RFC 4880 section 5.1: algorithm octet, key, two-octet sum of the key octets.</summary>
    static byte[] CheckedKey(byte[] sessionInfo)
    {
        if (sessionInfo.Length != 35 || sessionInfo[0] != (byte)SymmetricKeyAlgorithmTag.Aes256)
        {
            throw new MessageFormatException("the session key is not an AES-256 key; only those can be re-wrapped");
        }

        var sum = 0;
        foreach (var b in sessionInfo.AsSpan(1, 32))
        {
            sum += b;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(sessionInfo.AsSpan(33)) != (ushort)sum)
        {
            throw new MessageIntegrityException("the session key's checksum does not match");
        }

        return sessionInfo[1..33];
    }

    static byte[] RecoverRsa(ReadOnlySpan<byte> fields, PgpPrivateKey key)
    {
        var encrypted = Mpi(fields, out _);
        var rsa = new Pkcs1Encoding(new RsaBlindedEngine());
        rsa.Init(false, key.Key);
        return rsa.ProcessBlock(encrypted, 0, encrypted.Length);
    }

    /// <summary>RFC 6637 section 8: MPI of the ephemeral point, then a length octet and the RFC 3394 wrapped session key.</summary>
    static byte[] RecoverEcdh(ReadOnlySpan<byte> fields, PgpPrivateKey key)
    {
        var point = Mpi(fields, out var used);
        if (used >= fields.Length || fields[used] + used + 1 > fields.Length)
        {
            throw new MessageFormatException("truncated ECDH session key packet");
        }

        var wrapped = fields.Slice(used + 1, fields[used]).ToArray();
        var ecKey = (ECDHPublicBcpgKey)key.PublicKeyPacket.Key;
        if (ecKey.SymmetricKeyAlgorithm is not (SymmetricKeyAlgorithmTag.Aes128 or SymmetricKeyAlgorithmTag.Aes192 or SymmetricKeyAlgorithmTag.Aes256))
        {
            throw new MessageFormatException($"ECDH key wrap with symmetric algorithm {(int)ecKey.SymmetricKeyAlgorithm} cannot be read");
        }

        byte[] secret;
        if (key.Key is X25519PrivateKeyParameters x25519)
        {
            // Legacy Curve25519 (RFC 9580 section 11.5): 0x40 then the native 32-octet u-coordinate.
            if (point.Length != 1 + X25519PublicKeyParameters.KeySize || point[0] != 0x40)
            {
                throw new MessageFormatException("the ephemeral key is not a Curve25519 point");
            }

            secret = new byte[X25519PrivateKeyParameters.SecretSize];
            x25519.GenerateSecret(new X25519PublicKeyParameters(point, 1), secret, 0);
        }
        else
        {
            var ec = (ECPrivateKeyParameters)key.Key;
            var agreement = new ECDHBasicAgreement();
            agreement.Init(ec);
            var shared = agreement.CalculateAgreement(new ECPublicKeyParameters(ec.Parameters.Curve.DecodePoint(point), ec.Parameters));
            secret = BigIntegers.AsUnsignedByteArray(agreement.GetFieldSize(), shared);
        }

        byte[]? kek = null;
        try
        {
            kek = Rfc6637Utilities.CreateKey(key.PublicKeyPacket, secret);
            var unwrap = new Rfc3394WrapEngine(new AesEngine());
            unwrap.Init(false, new KeyParameter(kek));
            var padded = unwrap.Unwrap(wrapped, 0, wrapped.Length);
            try
            {
                return PgpPad.UnpadSessionData(padded);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(padded);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            if (kek is not null)
            {
                CryptographicOperations.ZeroMemory(kek);
            }
        }
    }

    /// <summary>An MPI (RFC 4880 section 3.2): two-octet bit count, then the big-endian value; <paramref name="used"/> octets in all.</summary>
    static byte[] Mpi(ReadOnlySpan<byte> fields, out int used)
    {
        if (fields.Length < 2)
        {
            throw new MessageFormatException("truncated MPI in a session key packet");
        }

        var length = (BinaryPrimitives.ReadUInt16BigEndian(fields) + 7) / 8;
        if (2 + length > fields.Length)
        {
            throw new MessageFormatException("truncated MPI in a session key packet");
        }

        used = 2 + length;
        return fields.Slice(2, length).ToArray();
    }
}
