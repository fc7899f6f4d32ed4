// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Offline;

namespace Lockbox.Crypto.Tests.Offline;

public sealed class MasterKeyCeremonyTests
{
    [Fact]
    public void Generated_master_key_is_Ed25519_with_a_Curve25519_encryption_subkey()
    {
        using var master = MasterKeyCeremony.Generate();

        Assert.Equal(["Lockbox escrow master key"], master.PublicKey.Certificate.UserIds);
        Assert.Equal("Ed25519", master.PublicKey.Certificate.PrimaryAlgorithm);
        Assert.Equal("Cv25519", KeyDescription.Describe(Assert.Single(master.PublicKey.Certificate.EncryptionKeys)));
        Assert.Equal(40, master.Fingerprint.Length);
    }

    [Fact]
    public void Armored_secret_key_parses_back_unprotected_with_the_same_fingerprint()
    {
        using var master = MasterKeyCeremony.Generate();
        using var buffer = new MemoryStream();

        master.WriteArmored(buffer);
        var text = Encoding.ASCII.GetString(buffer.ToArray());
        using var parsed = MasterSecretKey.Parse(buffer.ToArray());

        Assert.True(buffer.CanWrite, "the caller's stream stays open");
        Assert.StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----", text, StringComparison.Ordinal);
        Assert.Equal(master.Fingerprint, parsed.Fingerprint);
        Assert.NotNull(parsed.Key.FindPrivateKey(parsed.PublicKey.Certificate.EncryptionKeys[0].KeyId));
    }

    [Fact]
    public void Split_shares_combine_to_the_same_master_key()
    {
        using var master = MasterKeyCeremony.Generate();

        var shares = MasterKeyCeremony.Split(master, 2, 3);
        using var combined = MasterKeyCeremony.Combine([SecretShare.Parse(shares[2].ToArmored()), shares[0]]);

        Assert.Equal(master.Fingerprint, combined.Fingerprint);
        Assert.Equal(master.ToUnprotectedBinary(), combined.ToUnprotectedBinary());
    }

    [Fact]
    public void Secret_key_parser_refuses_a_public_key()
    {
        using var master = MasterKeyCeremony.Generate();

        var error = Assert.Throws<KeyFormatException>(() => MasterSecretKey.Parse(Encoding.ASCII.GetBytes(master.PublicKey.ToArmored())));

        Assert.Equal("expected the master secret key, found a public key", error.Message);
    }

    [Fact]
    public void Secret_key_parser_refuses_a_passphrase_protected_key()
    {
        using var master = MasterKeyCeremony.Generate();
        var ring = Org.BouncyCastle.Bcpg.OpenPgp.PgpSecretKeyRing.CopyWithNewPassword(
            master.Key.Ring, null, "secret".ToCharArray(), Org.BouncyCastle.Bcpg.SymmetricKeyAlgorithmTag.Aes256,
            new Org.BouncyCastle.Security.SecureRandom());

        var error = Assert.Throws<KeyFormatException>(() => MasterSecretKey.Parse(ring.GetEncoded()));

        Assert.Contains("passphrase-protected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposed_master_key_refuses_use()
    {
        var master = MasterKeyCeremony.Generate();
        master.Dispose();

        Assert.Throws<ObjectDisposedException>(() => master.WriteArmored(Stream.Null));
    }
}
