// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Bcpg.Sig;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Lockbox.Crypto.Keys;

/// <summary>Generates v4 OpenPGP keys: a certifying/signing primary key and one encryption subkey.</summary>
public static class KeyGenerator
{
    /// <summary>Generates an unprotected key whose only user ID is <paramref name="userId"/> (the mail address).</summary>
    public static UnlockedKey Generate(string userId, KeyAlgorithm algorithm = KeyAlgorithm.Curve25519)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        // OpenPGP timestamps have one-second resolution; truncate so the packet and our value agree.
        var now = DateTime.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var (primary, encryption) = algorithm switch
        {
            KeyAlgorithm.Curve25519 => (Ed25519Pair(now), X25519Pair(now)),
            KeyAlgorithm.Rsa3072 => (RsaPair(3072, now), RsaPair(3072, now)),
            KeyAlgorithm.Rsa4096 => (RsaPair(4096, now), RsaPair(4096, now)),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown key algorithm"),
        };

        var generator = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification,
            primary,
            userId,
            SymmetricKeyAlgorithmTag.Null, // unprotected in memory; KeyProtector wraps it before storage
            HashAlgorithmTag.Sha512,
            passPhrase: (char[]?)null,
            useSha1: false,
            PrimarySubpackets(now),
            unhashedPackets: null,
            Random);
        generator.AddSubKey(encryption, EncryptionSubkeySubpackets(now), null, HashAlgorithmTag.Sha512);
        return UnlockedKey.FromRing(generator.GenerateSecretKeyRing());
    }

    internal static readonly SecureRandom Random = new();

    static PgpSignatureSubpacketVector PrimarySubpackets(DateTime now)
    {
        var packets = new PgpSignatureSubpacketGenerator();
        packets.SetSignatureCreationTime(false, now);
        packets.SetKeyFlags(false, PgpKeyFlags.CanCertify | PgpKeyFlags.CanSign);
        // Modern-only preferences (STYLE.md section 5): AES-256 first, SHA-2 only.
        packets.SetPreferredSymmetricAlgorithms(false,
            [(int)SymmetricKeyAlgorithmTag.Aes256, (int)SymmetricKeyAlgorithmTag.Aes192, (int)SymmetricKeyAlgorithmTag.Aes128]);
        packets.SetPreferredHashAlgorithms(false,
            [(int)HashAlgorithmTag.Sha512, (int)HashAlgorithmTag.Sha384, (int)HashAlgorithmTag.Sha256]);
        packets.SetPreferredCompressionAlgorithms(false,
            [(int)CompressionAlgorithmTag.Uncompressed, (int)CompressionAlgorithmTag.Zip, (int)CompressionAlgorithmTag.ZLib]);
        // RFC 4880 section 5.2.3.24: we only produce and accept SEIPD with MDC.
        packets.SetFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
        return packets.Generate();
    }

    static PgpSignatureSubpacketVector EncryptionSubkeySubpackets(DateTime now)
    {
        var packets = new PgpSignatureSubpacketGenerator();
        packets.SetSignatureCreationTime(false, now);
        packets.SetKeyFlags(false, PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage);
        return packets.Generate();
    }

    static PgpKeyPair Ed25519Pair(DateTime now)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(Random));
        return new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, generator.GenerateKeyPair(), now);
    }

    static PgpKeyPair X25519Pair(DateTime now)
    {
        var generator = new X25519KeyPairGenerator();
        generator.Init(new X25519KeyGenerationParameters(Random));
        return new PgpKeyPair(PublicKeyAlgorithmTag.ECDH, generator.GenerateKeyPair(), now);
    }

    // .NET's RSA (OpenSSL) generates primes 2-4x faster than BouncyCastle (DESIGN.md section 4).
    static PgpKeyPair RsaPair(int bits, DateTime now)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(bits);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        try
        {
            var publicKey = new RsaKeyParameters(false, Unsigned(p.Modulus!), Unsigned(p.Exponent!));
            var privateKey = new RsaPrivateCrtKeyParameters(
                Unsigned(p.Modulus!), Unsigned(p.Exponent!), Unsigned(p.D!), Unsigned(p.P!), Unsigned(p.Q!),
                Unsigned(p.DP!), Unsigned(p.DQ!), Unsigned(p.InverseQ!));
            return new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, new AsymmetricCipherKeyPair(publicKey, privateKey), now);
        }
        finally
        {
            Array.Clear(p.D!);
            Array.Clear(p.P!);
            Array.Clear(p.Q!);
            Array.Clear(p.DP!);
            Array.Clear(p.DQ!);
            Array.Clear(p.InverseQ!);
        }
    }

    static Org.BouncyCastle.Math.BigInteger Unsigned(byte[] bigEndian) => new(1, bigEndian);
}
