// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Offline;

namespace Lockbox.Crypto.Tests.Escrow;

public sealed class MasterPublicKeyTests
{
    const string SecretRefusal =
        "this is a master SECRET key; a server only accepts the master public key (master.pub.asc), keep the secret key offline";

    readonly MasterSecretKey _master = MasterKeyCeremony.Generate();

    [Fact]
    public void Armored_public_key_parses_with_its_fingerprint()
    {
        var parsed = MasterPublicKey.Parse(Encoding.ASCII.GetBytes(_master.PublicKey.ToArmored()));

        Assert.Equal(_master.Fingerprint, parsed.Fingerprint);
    }

    [Fact]
    public void Armored_secret_key_is_refused_with_a_clear_message()
    {
        using var armored = new MemoryStream();
        _master.WriteArmored(armored);

        var error = Assert.Throws<KeyFormatException>(() => MasterPublicKey.Parse(armored.ToArray()));

        Assert.Equal(SecretRefusal, error.Message);
    }

    [Fact]
    public void Secret_key_packets_hidden_after_a_public_key_are_refused()
    {
        // A public ring followed by the secret ring: a ring parser reading only the first ring would accept it.
        byte[] input = [.. _master.PublicKey.Certificate.ToBinary(), .. _master.ToUnprotectedBinary()];

        var error = Assert.Throws<KeyFormatException>(() => MasterPublicKey.Parse(input));

        Assert.Equal(SecretRefusal, error.Message);
    }

    [Fact]
    public void A_lone_secret_subkey_packet_is_refused()
    {
        var ring = _master.Key.Ring;
        var subkey = ring.GetSecretKeys().Cast<Org.BouncyCastle.Bcpg.OpenPgp.PgpSecretKey>().Last();
        byte[] input = [.. _master.PublicKey.Certificate.ToBinary(), .. subkey.GetEncoded()];

        var error = Assert.Throws<KeyFormatException>(() => MasterPublicKey.Parse(input));

        Assert.Equal(SecretRefusal, error.Message);
    }

    [Fact]
    public void Garbage_is_refused_as_unreadable()
    {
        var error = Assert.Throws<KeyFormatException>(() => MasterPublicKey.Parse("not a key"u8));

        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }
}
