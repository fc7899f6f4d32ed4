// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Tests.Protection;

/// <summary>The export read back by BouncyCastle, a second implementation; gpg itself is in GpgExportInteropTests.</summary>
public sealed class GpgExportTests
{
    const string Passphrase = "export passphrase";

    // RSA is covered by gpg in GpgExportInteropTests; BouncyCastle's managed S2K is slow enough to keep this to one key type.
    [Fact]
    public void Every_secret_key_is_protected_with_sha256_s2k_count_65011712_and_aes256()
    {
        using var key = KeyGenerator.Generate("dave@example.org");

        var exported = ReadRing(GpgExport.ExportSecretKey(key, Passphrase));

        var secretKeys = exported.GetSecretKeys().ToList();
        Assert.Equal(2, secretKeys.Count);
        foreach (var secret in secretKeys)
        {
            Assert.Equal(SecretKeyPacket.UsageSha1, secret.S2kUsage);
            Assert.Equal(SymmetricKeyAlgorithmTag.Aes256, secret.KeyEncryptionAlgorithm);
            Assert.Equal(S2k.SaltedAndIterated, secret.S2k.Type);
            Assert.Equal(HashAlgorithmTag.Sha256, secret.S2k.HashAlgorithm);
            Assert.Equal(65011712L, secret.S2k.IterationCount);
            Assert.NotNull(secret.ExtractPrivateKeyUtf8(Passphrase.ToCharArray()));
        }
    }

    [Fact]
    public void Public_keys_user_ids_and_signatures_are_copied_byte_for_byte()
    {
        using var key = KeyGenerator.Generate("erin@example.org");
        var original = key.ToUnprotectedBinary();

        var exported = ReadRing(GpgExport.ExportSecretKey(key, Passphrase)).GetEncoded();

        var before = OpenPgpPacket.Split(original);
        var after = OpenPgpPacket.Split(exported);
        Assert.Equal(before.Select(p => p.Tag), after.Select(p => p.Tag));
        var publicLengths = new Queue<int>(key.Ring.GetSecretKeys().Select(k => k.PublicKey.PublicKeyPacket.GetEncodedContents().Length));
        foreach (var (was, now) in before.Zip(after))
        {
            var wasBody = original.AsSpan(was.BodyStart, was.End - was.BodyStart);
            var nowBody = exported.AsSpan(now.BodyStart, now.End - now.BodyStart);
            if (was.Tag is OpenPgpPacket.SecretKeyTag or OpenPgpPacket.SecretSubkeyTag)
            {
                // The public fields come first and stay; after them S2K usage 0 became 254.
                var publicLength = publicLengths.Dequeue();
                Assert.True(wasBody[..publicLength].SequenceEqual(nowBody[..publicLength]), "public key fields changed");
                Assert.Equal(0, wasBody[publicLength]);
                Assert.Equal(254, nowBody[publicLength]);
            }
            else
            {
                Assert.True(wasBody.SequenceEqual(nowBody), $"packet with tag {was.Tag} changed");
            }
        }
    }

    [Fact]
    public void Export_is_an_armored_private_key_block()
    {
        using var key = KeyGenerator.Generate("grace@example.org");

        var armored = GpgExport.ExportSecretKey(key, Passphrase);

        Assert.StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----", armored, StringComparison.Ordinal);
    }

    static PgpSecretKeyRing ReadRing(string armored)
    {
        var rings = KeyRingReader.ReadAll(Encoding.ASCII.GetBytes(armored));
        return Assert.IsType<PgpSecretKeyRing>(Assert.Single(rings));
    }
}
