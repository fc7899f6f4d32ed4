// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;

namespace Lockbox.Crypto.Tests.Keys;

public sealed class KeyGeneratorTests
{
    [Theory]
    [InlineData(KeyAlgorithm.Curve25519, "Ed25519", "Cv25519")]
    [InlineData(KeyAlgorithm.Rsa3072, "RSA 3072", "RSA 3072")]
    public void Generated_key_has_the_address_as_user_id_and_one_usable_encryption_subkey(
        KeyAlgorithm algorithm, string primary, string encryption)
    {
        using var key = KeyGenerator.Generate("alice@example.org", algorithm);

        Assert.Equal(["alice@example.org"], key.Certificate.UserIds);
        Assert.Equal(primary, key.Certificate.PrimaryAlgorithm);
        var usable = Assert.Single(key.Certificate.EncryptionKeys);
        Assert.False(usable.IsMasterKey);
        Assert.Equal(encryption, KeyDescription.Describe(usable));
        Assert.NotNull(key.FindPrivateKey(usable.KeyId));
        Assert.Equal(40, key.Certificate.Fingerprint.Length);
    }

    [Fact]
    public void Armored_certificate_parses_back_to_the_same_fingerprint()
    {
        using var key = KeyGenerator.Generate("bob@example.org");

        var armored = key.Certificate.ToArmored();
        var parsed = PublicCertificate.Parse(System.Text.Encoding.ASCII.GetBytes(armored));

        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----", armored, StringComparison.Ordinal);
        Assert.DoesNotContain("Version:", armored, StringComparison.Ordinal);
        Assert.Equal(key.Certificate.Fingerprint, parsed.Fingerprint);
    }

    [Fact]
    public void Disposed_key_refuses_use()
    {
        var key = KeyGenerator.Generate("carol@example.org");
        var keyId = key.Certificate.EncryptionKeys[0].KeyId;
        key.Dispose();

        Assert.True(key.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => key.FindPrivateKey(keyId));
    }
}
