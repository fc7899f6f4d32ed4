// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg;

namespace Lockbox.Crypto.Protection;

/// <summary>
/// Exports a secret key for gpg 2.2, which reads neither Argon2 nor our envelope (DESIGN.md section 4).
/// Every secret key packet is re-protected the strongest way gpg 2.2 reads (RFC 4880 sections 3.7.1.3
/// and 5.5.3): S2K usage 254 (SHA-1 integrity check), iterated and salted S2K with SHA-256 and the
/// maximum count 65,011,712, AES-256 in CFB mode. BouncyCastle cannot choose the S2K hash and count when
/// re-protecting (it always writes SHA-1 and 65,536), so the packets are built here. All other packets
/// (public key material, user IDs, signatures) are copied byte for byte.
/// </summary>
public static class GpgExport
{
    const byte UsageSha1Check = 254;
    const byte IteratedSaltedType = 3;
    const int AesBlockLength = 16;

    /// <summary>The armored transferable secret key (-----BEGIN PGP PRIVATE KEY BLOCK-----), protected by <paramref name="passphrase"/>.</summary>
    /// <exception cref="ArgumentException">The passphrase is empty: gpg would store the key unprotected.</exception>
    public static string ExportSecretKey(UnlockedKey key, ReadOnlySpan<char> passphrase)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (passphrase.IsEmpty)
        {
            throw new ArgumentException("the passphrase must not be empty", nameof(passphrase));
        }

        // The same NFC UTF-8 bytes as the mailbox password, so one typed password works in both places.
        var passphraseBytes = PasswordBytes.Encode(passphrase);
        var ring = key.ToUnprotectedBinary();
        try
        {
            using var output = new MemoryStream();
            // The ring came from BouncyCastle's encoder, so its secret packets are in GetSecretKeys() order.
            using var secretKeys = key.Ring.GetSecretKeys().GetEnumerator();
            foreach (var packet in OpenPgpPacket.Split(ring))
            {
                var bytes = ring.AsSpan(packet.Start, packet.End - packet.Start);
                if (packet.Tag is OpenPgpPacket.SecretKeyTag or OpenPgpPacket.SecretSubkeyTag)
                {
                    if (!secretKeys.MoveNext())
                    {
                        throw new InvalidOperationException("more secret key packets than secret keys");
                    }

                    var publicLength = secretKeys.Current.PublicKey.PublicKeyPacket.GetEncodedContents().Length;
                    var body = ProtectedBody(ring.AsSpan(packet.BodyStart, packet.End - packet.BodyStart), publicLength, passphraseBytes);
                    OpenPgpPacket.WriteHeader(output, packet.Tag, body.Length);
                    output.Write(body);
                }
                else
                {
                    output.Write(bytes);
                }
            }

            return Armor.Encode(output.ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ring);
            CryptographicOperations.ZeroMemory(passphraseBytes);
        }
    }

    /// <summary>The body of one v4 secret (sub)key packet, re-protected (RFC 4880 section 5.5.3).</summary>
    static byte[] ProtectedBody(ReadOnlySpan<byte> body, int publicLength, byte[] passphrase)
    {
        if (body[0] != 4 || body.Length < publicLength + 3 || body[publicLength] != 0)
        {
            throw new InvalidOperationException("expected an unprotected v4 secret key packet");
        }

        // Unprotected: the secret MPIs, then their two-octet sum mod 65536.
        var mpis = body[(publicLength + 1)..^2];
        var sum = 0;
        foreach (var octet in mpis)
        {
            sum += octet;
        }

        if ((ushort)sum != (body[^2] << 8 | body[^1]))
        {
            throw new InvalidOperationException("secret key checksum mismatch");
        }

        var salt = RandomNumberGenerator.GetBytes(IteratedSaltedS2k.SaltLength);
        var iv = RandomNumberGenerator.GetBytes(AesBlockLength);
        var aesKey = new byte[32];
        // MPIs || SHA-1(MPIs), padded to whole blocks because .NET's CFB wants them; CFB is a stream
        // mode, so dropping the padding's ciphertext leaves the correct prefix.
        var plainLength = mpis.Length + SHA1.HashSizeInBytes;
        var plain = new byte[(plainLength + AesBlockLength - 1) / AesBlockLength * AesBlockLength];
        var cipher = new byte[plain.Length];
        try
        {
            mpis.CopyTo(plain);
            // RFC 4880 section 5.5.3 fixes SHA-1 for usage 254; it is an integrity check under the
            // encryption, not a signature, and gpg 2.2 reads no other.
#pragma warning disable CA5350
            SHA1.HashData(mpis, plain.AsSpan(mpis.Length));
#pragma warning restore CA5350
            IteratedSaltedS2k.DeriveKey(passphrase, salt, IteratedSaltedS2k.MaximumCodedCount, aesKey);
            using (var aes = Aes.Create())
            {
                aes.SetKey(aesKey);
                aes.EncryptCfb(plain, iv, cipher, PaddingMode.None, feedbackSizeInBits: 128);
            }

            using var result = new MemoryStream();
            result.Write(body[..publicLength]);
            result.WriteByte(UsageSha1Check);
            result.WriteByte((byte)SymmetricKeyAlgorithmTag.Aes256);
            result.WriteByte(IteratedSaltedType);
            result.WriteByte((byte)HashAlgorithmTag.Sha256);
            result.Write(salt);
            result.WriteByte(IteratedSaltedS2k.MaximumCodedCount);
            result.Write(iv);
            result.Write(cipher, 0, plainLength);
            return result.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aesKey);
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
