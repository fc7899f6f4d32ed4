// SPDX-License-Identifier: MIT
using Lockbox.Crypto;
using System.Text;
using CsCheck;
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace Lockbox.Crypto.Tests.Keys;

public sealed class KeyImportTests
{
    [Fact]
    public void Armored_and_binary_public_key_import_to_the_same_certificate_without_secret()
    {
        var armored = KeyImport.Import(KeyFixtures.Read("gpg-default.asc"));
        var binary = KeyImport.Import(armored.Certificate.ToBinary());

        Assert.Equal("76F34D10B8BC2E52642367A61786C6813839B27E", armored.Certificate.Fingerprint);
        Assert.Equal(armored.Certificate.Fingerprint, binary.Certificate.Fingerprint);
        Assert.False(armored.HasSecretKey);
        Assert.False(armored.IsPassphraseProtected);
        Assert.Throws<InvalidOperationException>(() => armored.Unlock("anything"));
    }

    [Theory]
    [InlineData("gpg-default")]
    [InlineData("rsa2048")]
    public void Protected_gpg_secret_key_unlocks_with_its_passphrase_and_decrypts(string name)
    {
        var imported = KeyImport.Import(KeyFixtures.Read($"{name}.sec.asc"));

        Assert.True(imported.HasSecretKey);
        Assert.True(imported.IsPassphraseProtected);
        Assert.Equal(KeyFixtures.Certificate($"{name}.asc").Fingerprint, imported.Certificate.Fingerprint);
        using var unlocked = imported.Unlock(KeyFixtures.Passphrase);
        Assert.Equal(imported.Certificate.Fingerprint, unlocked.Certificate.Fingerprint);
        AssertDecrypts(unlocked);
    }

    [Fact]
    public void Wrong_passphrase_fails_with_its_own_error()
    {
        var imported = KeyImport.Import(KeyFixtures.Read("gpg-default.sec.asc"));

        var e = Assert.Throws<WrongPasswordException>(() => imported.Unlock("not-the-passphrase"));

        Assert.Equal("the passphrase does not unlock key 0x1786C6813839B27E", e.Message);
    }

    [Fact]
    public void Unprotected_gpg_secret_key_unlocks_without_passphrase()
    {
        var imported = KeyImport.Import(KeyFixtures.Read("gpg-future-default.sec.asc"));

        Assert.True(imported.HasSecretKey);
        Assert.False(imported.IsPassphraseProtected);
        using var unlocked = imported.Unlock("");
        AssertDecrypts(unlocked);
    }

    [Fact]
    public void Secret_key_with_a_stub_primary_is_refused()
    {
        var e = Assert.Throws<KeyFormatException>(() => KeyImport.Import(KeyFixtures.Read("gpg-future-default.stub.sec.asc")));

        Assert.Equal(
            "the secret primary key 0xA7850740F7CF7509 is missing (a stub, as gpg --export-secret-subkeys writes); export the key with gpg --export-secret-keys",
            e.Message);
    }

    [Fact]
    public void Secret_key_without_the_secret_of_its_encryption_subkey_is_refused()
    {
        // gpg cannot export a secret ring that lacks only the encryption subkey's secret, so write one by hand:
        // the secret primary key, then the subkey as a public-subkey packet with its binding signature.
        var ring = (PgpSecretKeyRing)new PgpObjectFactory(PgpUtilities.GetDecoderStream(
            new MemoryStream(KeyFixtures.Read("gpg-future-default.sec.asc")))).NextPgpObject();
        using var buffer = new MemoryStream();
        using (var output = new BcpgOutputStream(buffer))
        {
            ring.GetSecretKey().Encode(output);
            var subkey = ring.GetPublicKey(unchecked((long)0xD1DC6C1BE913B3B1)).PublicKeyPacket;
            new PublicSubkeyPacket((byte)subkey.Version, subkey.Algorithm, subkey.GetTime(), subkey.Key).Encode(output);
            foreach (var signature in ring.GetPublicKey(unchecked((long)0xD1DC6C1BE913B3B1)).GetSignatures())
            {
                signature.Encode(output);
            }
        }

        var e = Assert.Throws<KeyFormatException>(() => KeyImport.Import(buffer.ToArray()));

        Assert.StartsWith("the secret part of encryption subkey 0xD1DC6C1BE913B3B1 is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_with_two_different_keys_is_refused()
    {
        var two = KeyFixtures.Read("rsa2048.asc").Concat(KeyFixtures.Read("gpg-default.asc")).ToArray();

        var e = Assert.Throws<KeyFormatException>(() => KeyImport.Import(two));

        Assert.Equal(
            "the input holds 2 different keys (A4D069D0B56E227D44E2D26B26D708425C9D70E1, 76F34D10B8BC2E52642367A61786C6813839B27E); import one key at a time",
            e.Message);
    }

    [Fact]
    public void Input_with_the_same_key_twice_is_refused()
    {
        var twice = KeyFixtures.Read("rsa2048.asc").Concat(KeyFixtures.Read("rsa2048.sec.asc")).ToArray();

        var e = Assert.Throws<KeyFormatException>(() => KeyImport.Import(twice));

        Assert.StartsWith("the input holds key A4D069D0B56E227D44E2D26B26D708425C9D70E1 2 times", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, this is not a key\n")]
    [InlineData("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGXXXX!!!!\n-----END PGP PUBLIC KEY BLOCK-----\n")]
    public void Garbage_is_refused_with_a_one_line_key_format_error(string text)
    {
        var e = Assert.Throws<KeyFormatException>(() => KeyImport.Import(Encoding.ASCII.GetBytes(text)));

        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Truncated_key_is_refused_with_a_key_format_error()
    {
        var binary = KeyFixtures.Certificate("rsa2048.asc").ToBinary();

        Assert.Throws<KeyFormatException>(() => KeyImport.Import(binary.AsSpan(0, binary.Length / 2)));
    }

    [Fact]
    public void Random_bytes_only_ever_raise_key_format_errors()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            try
            {
                KeyImport.Import(bytes);
            }
            catch (KeyFormatException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
        }, iter: 3000);
    }

    /// <summary>Encrypts to the certificate's encryption key with BouncyCastle and decrypts with the unlocked key.</summary>
    static void AssertDecrypts(UnlockedKey key)
    {
        var recipient = key.Certificate.EncryptionKeys[0];
        var plaintext = "the unlocked key decrypts"u8.ToArray();
        using var ciphertext = new MemoryStream();
        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, true, new SecureRandom());
        generator.AddMethod(recipient);
        using (var encrypted = generator.Open(ciphertext, new byte[4096]))
        {
            var literal = new PgpLiteralDataGenerator();
            using var output = literal.Open(encrypted, PgpLiteralData.Binary, "", plaintext.Length, DateTime.UtcNow);
            output.Write(plaintext);
        }

        var list = (PgpEncryptedDataList)new PgpObjectFactory(ciphertext.ToArray()).NextPgpObject();
        var data = (PgpPublicKeyEncryptedData)list[0];
        var privateKey = key.FindPrivateKey(data.KeyId);
        Assert.NotNull(privateKey);
        using var clear = data.GetDataStream(privateKey);
        var literalData = (PgpLiteralData)new PgpObjectFactory(clear).NextPgpObject();
        using var read = new MemoryStream();
        literalData.GetDataStream().CopyTo(read);
        Assert.Equal(plaintext, read.ToArray());
        Assert.True(data.Verify());
    }
}
