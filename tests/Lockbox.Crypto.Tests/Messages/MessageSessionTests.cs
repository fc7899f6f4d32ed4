// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;

namespace Lockbox.Crypto.Tests.Messages;

/// <summary>Several messages under one session key: each is a whole OpenPGP message that decrypts alone.</summary>
public sealed class MessageSessionTests
{
    [Theory]
    [InlineData(KeyAlgorithm.Curve25519)]
    [InlineData(KeyAlgorithm.Rsa3072)]
    public async Task Each_message_of_a_session_decrypts_alone(KeyAlgorithm algorithm)
    {
        var key = TestMessages.Key(algorithm);
        var message = TestMessages.RandomBytes(100_000, seed: 1);
        var record = TestMessages.RandomBytes(700, seed: 2);
        byte[] first;
        byte[] second;
        using (var session = MessageSession.Open([key.Certificate]))
        {
            first = Encrypt(session, message);
            second = session.Encrypt(record);
        }

        Assert.Equal(message, await TestMessages.DecryptAsync(first, key));
        Assert.Equal(record, await TestMessages.DecryptAsync(second, key));
    }

    [Fact]
    public void Curve25519_messages_of_a_session_share_the_session_key_packet_but_not_the_encrypted_prefix()
    {
        var plaintext = TestMessages.RandomBytes(50, seed: 3);
        using var session = MessageSession.Open([TestMessages.Curve25519.Certificate]);

        var first = session.Encrypt(plaintext);
        var second = session.Encrypt(plaintext);

        // A v3 PKESK for legacy ECDH Curve25519 is 96 octets with its header (RFC 4880 section 5.1);
        // then the SEIPD header and version, then the random CFB prefix (section 5.13).
        const int PkeskLength = 96;
        Assert.Equal(first[..PkeskLength], second[..PkeskLength]);
        Assert.NotEqual(first[(PkeskLength + 3)..(PkeskLength + 19)], second[(PkeskLength + 3)..(PkeskLength + 19)]);
    }

    [Fact]
    public void A_disposed_session_opens_no_message()
    {
        var session = MessageSession.Open([TestMessages.Curve25519.Certificate]);
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.OpenEncryptingStream(new MemoryStream()));
    }

    static byte[] Encrypt(MessageSession session, byte[] plaintext)
    {
        using var output = new MemoryStream();
        using (var encrypting = session.OpenEncryptingStream(output))
        {
            encrypting.Write(plaintext);
        }

        return output.ToArray();
    }
}
