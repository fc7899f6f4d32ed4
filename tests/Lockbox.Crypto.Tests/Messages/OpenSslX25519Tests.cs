// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Messages;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Lockbox.Crypto.Tests.Messages;

/// <summary>The X25519 agreement through OpenSSL agrees with BouncyCastle's, byte for byte (RFC 7748 encoding).</summary>
public sealed class OpenSslX25519Tests
{
    [Fact]
    public void OpenSsl_is_used_on_the_supported_platform()
    {
        // A silent fallback to BouncyCastle would keep every test green and lose the speed-up.
        Assert.True(OpenSslX25519.IsAvailable);
    }

    [Fact]
    public void The_recipient_derives_the_same_secret_from_the_ephemeral_public_key()
    {
        var recipient = new X25519PrivateKeyParameters(new SecureRandom());
        var recipientPublic = recipient.GeneratePublicKey().GetEncoded();
        var ephemeralPublic = new byte[32];
        var secret = new byte[32];

        Assert.True(OpenSslX25519.Agree(recipientPublic, ephemeralPublic, secret));

        var expected = new byte[32];
        recipient.GenerateSecret(new X25519PublicKeyParameters(ephemeralPublic), expected, 0);
        Assert.Equal(expected, secret);
        Assert.Contains(secret, b => b != 0);
    }

    [Fact]
    public void Each_agreement_draws_a_new_ephemeral_key()
    {
        var recipientPublic = new X25519PrivateKeyParameters(new SecureRandom()).GeneratePublicKey().GetEncoded();
        var first = new byte[32];
        var second = new byte[32];

        OpenSslX25519.Agree(recipientPublic, first, new byte[32]);
        OpenSslX25519.Agree(recipientPublic, second, new byte[32]);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_low_order_point_gives_no_secret()
    {
        // u = 0 is of small order: every scalar gives the all-zero output that RFC 7748 section 6.1 says to refuse.
        Assert.False(OpenSslX25519.Agree(new byte[32], new byte[32], new byte[32]));
    }
}
