// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Lockbox.Crypto.Tests.Keys;

/// <summary>Ed25519/Cv25519 keys built with BouncyCastle where gpg cannot set the detail a test needs.</summary>
internal static class TestKeys
{
    static readonly SecureRandom Random = new();

    /// <summary>A key created at <paramref name="created"/> whose self-signatures use <paramref name="hash"/>.</summary>
    public static PublicCertificate Build(DateTime created, HashAlgorithmTag hash)
    {
        var generator = Generator(created, hash);
        return UnlockedKey.FromRing(generator.GenerateSecretKeyRing()).Certificate;
    }

    /// <summary>A ring generator with an Ed25519 primary and a Cv25519 encryption subkey, not yet generated.</summary>
    /// <param name="created">Creation time of both keys and their self-signatures.</param>
    /// <param name="hash">Hash of the self-signatures.</param>
    /// <param name="bindingLifetime">Signature expiration time (RFC 4880 section 5.2.3.10) of the subkey binding; zero for none.</param>
    public static PgpKeyRingGenerator Generator(DateTime created, HashAlgorithmTag hash, TimeSpan bindingLifetime = default)
    {
        var ed = new Ed25519KeyPairGenerator();
        ed.Init(new Ed25519KeyGenerationParameters(Random));
        var x = new X25519KeyPairGenerator();
        x.Init(new X25519KeyGenerationParameters(Random));
        var primary = new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, ed.GenerateKeyPair(), created);
        var encryption = new PgpKeyPair(PublicKeyAlgorithmTag.ECDH, x.GenerateKeyPair(), created);

        var generator = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification, primary, "test@example.org", SymmetricKeyAlgorithmTag.Null, hash,
            (char[]?)null, false, Subpackets(created, PgpKeyFlags.CanCertify | PgpKeyFlags.CanSign), null, Random);
        var binding = Subpackets(created, PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage, bindingLifetime);
        generator.AddSubKey(encryption, binding, null, hash);
        return generator;
    }

    static PgpSignatureSubpacketVector Subpackets(DateTime created, int flags, TimeSpan lifetime = default)
    {
        var packets = new PgpSignatureSubpacketGenerator();
        packets.SetSignatureCreationTime(false, created);
        if (lifetime > TimeSpan.Zero)
        {
            packets.SetSignatureExpirationTime(false, (long)lifetime.TotalSeconds);
        }

        packets.SetKeyFlags(false, flags);
        return packets.Generate();
    }
}
