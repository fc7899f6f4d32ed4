// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Protection;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Tests.Protection;

public sealed class IteratedSaltedS2kTests
{
    [Theory]
    [InlineData("passphrase", 0x60)] // 65,536 octets
    [InlineData("passphrase", 0x9F)] // 4,063,232 octets; 0xFF itself is checked by gpg in GpgExportInteropTests
    [InlineData("p", 0x00)] // 1,024 octets, count not a multiple of the unit length
    public void Derived_key_matches_BouncyCastle(string passphrase, byte codedCount)
    {
        var salt = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var bytes = Encoding.UTF8.GetBytes(passphrase);
        var ours = new byte[32];

        IteratedSaltedS2k.DeriveKey(bytes, salt, codedCount, ours);

        var theirs = PgpUtilities.MakeKeyFromPassPhraseRaw(
            SymmetricKeyAlgorithmTag.Aes256, new S2k(HashAlgorithmTag.Sha256, salt, codedCount), bytes);
        Assert.Equal(theirs.GetKey(), ours);
    }

    [Fact]
    public void Passphrase_longer_than_the_count_is_hashed_once_whole()
    {
        var salt = new byte[8];
        var bytes = Encoding.UTF8.GetBytes(new string('x', 2000));
        var ours = new byte[32];

        IteratedSaltedS2k.DeriveKey(bytes, salt, 0x00, ours);

        Assert.Equal(System.Security.Cryptography.SHA256.HashData([.. salt, .. bytes]), ours);
    }

    [Fact]
    public void Count_255_decodes_to_65011712()
    {
        Assert.Equal(65011712, IteratedSaltedS2k.DecodeCount(0xFF));
    }
}
