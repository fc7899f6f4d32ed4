// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Tests.Messages;

public sealed class MessageRoundTripTests
{
    [Theory]
    [InlineData(KeyAlgorithm.Curve25519, false)]
    [InlineData(KeyAlgorithm.Curve25519, true)]
    [InlineData(KeyAlgorithm.Rsa3072, false)]
    [InlineData(KeyAlgorithm.Rsa3072, true)]
    public async Task Encrypted_message_decrypts_to_the_same_bytes(KeyAlgorithm algorithm, bool compress)
    {
        var key = TestMessages.Key(algorithm);
        var plaintext = TestMessages.RandomBytes(150_000, seed: 1);

        var ciphertext = TestMessages.Encrypt(plaintext, new EncryptionOptions { Compress = compress }, key.Certificate);

        Assert.Equal(plaintext, await TestMessages.DecryptAsync(ciphertext, key));
    }

    [Fact]
    public async Task Message_to_several_recipients_decrypts_with_each_key()
    {
        var plaintext = "Subject: hello\r\n\r\nto both of you\r\n"u8.ToArray();

        var ciphertext = TestMessages.Encrypt(plaintext, TestMessages.Curve25519.Certificate, TestMessages.Rsa3072.Certificate);

        Assert.Equal(plaintext, await TestMessages.DecryptAsync(ciphertext, TestMessages.Curve25519));
        Assert.Equal(plaintext, await TestMessages.DecryptAsync(ciphertext, TestMessages.Rsa3072));
        var list = Assert.IsType<PgpEncryptedDataList>(new PgpObjectFactory(ciphertext).NextPgpObject());
        Assert.Equal(
            [TestMessages.Curve25519.Certificate.EncryptionKeys[0].KeyId, TestMessages.Rsa3072.Certificate.EncryptionKeys[0].KeyId],
            list.GetEncryptedDataObjects().Cast<PgpPublicKeyEncryptedData>().Select(d => d.KeyId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Message_is_seipd_with_mdc_aes256_and_binary_literal_data(bool compress)
    {
        var key = TestMessages.Curve25519;
        var ciphertext = TestMessages.Encrypt("x"u8.ToArray(), new EncryptionOptions { Compress = compress }, key.Certificate);

        var data = Assert.Single(Assert.IsType<PgpEncryptedDataList>(new PgpObjectFactory(ciphertext).NextPgpObject()).GetEncryptedDataObjects());
        var encrypted = Assert.IsType<PgpPublicKeyEncryptedData>(data);
        Assert.True(encrypted.IsIntegrityProtected());
        var privateKey = key.FindPrivateKey(encrypted.KeyId)!;
        Assert.Equal(SymmetricKeyAlgorithmTag.Aes256, encrypted.GetSymmetricAlgorithm(privateKey));
        var inner = new PgpObjectFactory(encrypted.GetDataStream(privateKey)).NextPgpObject();
        if (compress)
        {
            var compressed = Assert.IsType<PgpCompressedData>(inner);
            Assert.Equal(CompressionAlgorithmTag.ZLib, compressed.Algorithm);
            inner = new PgpObjectFactory(compressed.GetDataStream()).NextPgpObject();
        }

        var literal = Assert.IsType<PgpLiteralData>(inner);
        Assert.Equal(PgpLiteralData.Binary, literal.Format);
        Assert.Equal("", literal.FileName);
    }

    [Fact]
    public async Task EncryptAsync_leaves_the_output_open_and_matches_the_stream_api()
    {
        var key = TestMessages.Rsa3072;
        var plaintext = TestMessages.RandomBytes(70_000, seed: 2);
        using var output = new MemoryStream();

        await MessageEncryptor.EncryptAsync(new MemoryStream(plaintext), output, [key.Certificate], TestContext.Current.CancellationToken);

        Assert.True(output.CanWrite);
        Assert.Equal(plaintext, await TestMessages.DecryptAsync(output.ToArray(), key));
    }

    [Fact]
    public void Certificate_without_encryption_key_is_refused_before_anything_is_written()
    {
        var signOnly = SignOnlyCertificate();
        using var output = new MemoryStream();

        var error = Assert.Throws<NoEncryptionKeyException>(
            () => MessageEncryptor.OpenEncryptingStream(output, [TestMessages.Curve25519.Certificate, signOnly]));

        Assert.Contains(signOnly.Fingerprint, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task Large_message_on_a_seekable_stream_is_verified_then_released_in_a_second_pass()
    {
        var key = TestMessages.Curve25519;
        var plaintext = TestMessages.RandomBytes(300_000, seed: 3);
        var ciphertext = TestMessages.Encrypt(plaintext, key.Certificate);
        using var destination = new MemoryStream();

        await MessageDecryptor.DecryptAsync(new MemoryStream(ciphertext), key, destination, inMemoryLimit: 64 * 1024, TestContext.Current.CancellationToken);

        Assert.Equal(plaintext, destination.ToArray());
    }

    [Fact]
    public async Task Large_message_on_a_forward_only_stream_is_refused_without_output()
    {
        var key = TestMessages.Curve25519;
        var ciphertext = TestMessages.Encrypt(TestMessages.RandomBytes(300_000, seed: 4), key.Certificate);
        using var destination = new MemoryStream();

        await Assert.ThrowsAsync<MessageTooLargeException>(() => MessageDecryptor.DecryptAsync(
            new ForwardOnlyStream(ciphertext), key, destination, inMemoryLimit: 64 * 1024, TestContext.Current.CancellationToken));

        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public void Rsa_key_whose_modulus_is_prime_is_refused_although_later_checks_skip_primality()
    {
        var certificate = PrimeModulusCertificate();
        using var output = new MemoryStream();

        var error = Assert.Throws<NoEncryptionKeyException>(() => MessageEncryptor.OpenEncryptingStream(output, [certificate]));

        Assert.Contains("invalid RSA encryption key", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
    }

    /// <summary>A certificate whose (correctly bound) RSA encryption subkey has a prime "modulus".</summary>
    static PublicCertificate PrimeModulusCertificate()
    {
        using var owner = KeyGenerator.Generate("prime@example.org");
        var prime = Org.BouncyCastle.Math.BigInteger.ProbablePrime(1024, new Random(7));
        // BouncyCastle itself refuses to build such a key unless told to allow it, on this thread, here.
        var subkey = Org.BouncyCastle.Utilities.Properties.WithThreadProperty(
            Org.BouncyCastle.Utilities.Properties.RsaAllowUnsafeModulus, "true", () => new PgpPublicKey(
                PublicKeyAlgorithmTag.RsaGeneral,
                new Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters(false, prime, Org.BouncyCastle.Math.BigInteger.ValueOf(65537)),
                DateTime.UtcNow.AddMinutes(-1)));
        var primarySecret = owner.Ring.GetSecretKey();
        var flags = new PgpSignatureSubpacketGenerator();
        flags.SetSignatureCreationTime(false, DateTime.UtcNow.AddMinutes(-1));
        flags.SetKeyFlags(false, PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage);
        var signer = new PgpSignatureGenerator(PublicKeyAlgorithmTag.EdDsa_Legacy, HashAlgorithmTag.Sha256);
        signer.InitSign(PgpSignature.SubkeyBinding, primarySecret.ExtractPrivateKey(null));
        signer.SetHashedSubpackets(flags.Generate());
        var binding = signer.GenerateCertification(primarySecret.PublicKey, subkey);

        using var buffer = new MemoryStream();
        using (var output = new BcpgOutputStream(buffer))
        {
            owner.Certificate.Ring.GetPublicKey().Encode(output);
            var packet = subkey.PublicKeyPacket;
            new PublicSubkeyPacket((byte)packet.Version, packet.Algorithm, packet.GetTime(), packet.Key).Encode(output);
            binding.Encode(output);
        }

        var certificate = PublicCertificate.Parse(buffer.ToArray());
        Assert.Single(certificate.EncryptionKeys);
        return certificate;
    }

    static PublicCertificate SignOnlyCertificate()
    {
        var generator = new Org.BouncyCastle.Crypto.Generators.Ed25519KeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.Parameters.Ed25519KeyGenerationParameters(KeyGenerator.Random));
        var pair = new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, generator.GenerateKeyPair(), DateTime.UtcNow.AddMinutes(-1));
        var ring = new PgpKeyRingGenerator(PgpSignature.PositiveCertification, pair, "signer@example.org",
            SymmetricKeyAlgorithmTag.Null, HashAlgorithmTag.Sha256, (char[]?)null, false, null, null, KeyGenerator.Random);
        return PublicCertificate.Parse(ring.GeneratePublicKeyRing().GetEncoded());
    }
}
