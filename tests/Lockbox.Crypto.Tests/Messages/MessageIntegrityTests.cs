// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Tests.Messages;

/// <summary>EFAIL rule: a message that fails any check releases no plaintext at all.</summary>
public sealed class MessageIntegrityTests
{
    static readonly byte[] Plaintext = TestMessages.RandomBytes(4096, seed: 10);

    [Theory]
    [InlineData(5)] // inside the random prefix (RFC 4880 section 5.13)
    [InlineData(2000)] // inside the literal data
    [InlineData(-1)] // last byte: the encrypted MDC packet
    public async Task Flipping_one_byte_of_the_encrypted_data_fails_and_writes_nothing(int offsetInBody)
    {
        var key = TestMessages.Curve25519;
        var ciphertext = TestMessages.Encrypt(Plaintext, key.Certificate);
        var position = offsetInBody >= 0 ? SeipdBodyOffset(ciphertext) + offsetInBody : ciphertext.Length - 1;
        ciphertext[position] ^= 0x01;

        await AssertFailsWithoutOutput<MessageIntegrityException>(ciphertext, key);
    }

    [Fact]
    public async Task Any_flip_that_garbles_the_packet_headers_is_an_integrity_error()
    {
        // Regression: a flip in the prefix garbles the next block, where the literal packet's header sits;
        // depending on the random session key BouncyCastle then threw UnsupportedPacketVersionException.
        var key = TestMessages.Curve25519;
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var ciphertext = TestMessages.Encrypt(Plaintext, key.Certificate);
            ciphertext[SeipdBodyOffset(ciphertext) + random.Next(0, 40)] ^= (byte)random.Next(1, 256);

            await AssertFailsWithoutOutput<MessageIntegrityException>(ciphertext, key);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(22)] // exactly the MDC packet (RFC 4880 section 5.14: 2 header bytes + SHA-1)
    [InlineData(2048)]
    public async Task Truncated_message_fails_and_writes_nothing(int bytesCut)
    {
        var key = TestMessages.Rsa3072;
        var ciphertext = TestMessages.Encrypt(Plaintext, key.Certificate);

        await AssertFailsWithoutOutput<MessageIntegrityException>(ciphertext[..^bytesCut], key);
    }

    [Fact]
    public async Task Tampered_large_message_fails_in_the_verify_pass_and_writes_nothing()
    {
        var key = TestMessages.Curve25519;
        var ciphertext = TestMessages.Encrypt(TestMessages.RandomBytes(300_000, seed: 11), key.Certificate);
        ciphertext[^100] ^= 0x80;
        using var destination = new MemoryStream();

        await Assert.ThrowsAsync<MessageIntegrityException>(() => MessageDecryptor.DecryptAsync(
            new MemoryStream(ciphertext), key, destination, inMemoryLimit: 64 * 1024, TestContext.Current.CancellationToken));

        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task Message_without_mdc_is_refused()
    {
        var key = TestMessages.Curve25519;
        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: false, KeyGenerator.Random);
        generator.AddMethod(key.Certificate.EncryptionKeys[0]);
        using var output = new MemoryStream();
        using (var encrypted = generator.Open(output, new byte[1 << 16]))
        using (var literal = new PgpLiteralDataGenerator().Open(encrypted, PgpLiteralData.Binary, "", DateTime.UtcNow, new byte[1 << 16]))
        {
            literal.Write(Plaintext);
        }

        var error = await AssertFailsWithoutOutput<MessageIntegrityException>(output.ToArray(), key);
        Assert.Contains("modification detection code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_for_another_key_fails_with_no_matching_key()
    {
        var ciphertext = TestMessages.Encrypt(Plaintext, TestMessages.Curve25519.Certificate, TestMessages.Rsa3072.Certificate);

        await AssertFailsWithoutOutput<NoMatchingKeyException>(ciphertext, TestMessages.Other);
    }

    [Fact]
    public async Task Text_is_not_an_openpgp_message()
    {
        await AssertFailsWithoutOutput<MessageFormatException>("From: a@example.org\r\n\r\nhello\r\n"u8.ToArray(), TestMessages.Curve25519);
    }

    [Fact]
    public async Task Unencrypted_literal_data_is_not_accepted_as_a_message()
    {
        using var output = new MemoryStream();
        using (var literal = new PgpLiteralDataGenerator().Open(output, PgpLiteralData.Binary, "", Plaintext.Length, DateTime.UtcNow))
        {
            literal.Write(Plaintext);
        }

        await AssertFailsWithoutOutput<MessageFormatException>(output.ToArray(), TestMessages.Curve25519);
    }

    static async Task<T> AssertFailsWithoutOutput<T>(byte[] ciphertext, UnlockedKey key)
        where T : MessageException
    {
        using var destination = new MemoryStream();
        var error = await Assert.ThrowsAsync<T>(() => MessageDecryptor.DecryptAsync(
            new MemoryStream(ciphertext, writable: false), key, destination, TestContext.Current.CancellationToken));
        Assert.Equal(0, destination.Length);
        return error;
    }

    /// <summary>Where the SEIPD packet's body starts (RFC 4880 section 4.2: old- and new-format headers).</summary>
    static int SeipdBodyOffset(byte[] message)
    {
        var position = 0;
        while (true)
        {
            int header = message[position++];
            int tag;
            long length;
            if ((header & 0x40) != 0)
            {
                tag = header & 0x3F;
                int first = message[position++];
                (length, position) = first switch
                {
                    < 192 => (first, position),
                    < 224 => (((first - 192) << 8) + message[position] + 192, position + 1),
                    255 => ((long)message[position] << 24 | (long)message[position + 1] << 16 | (long)message[position + 2] << 8 | message[position + 3], position + 4),
                    _ => (1L << (first & 0x1F), position), // partial body length: first chunk
                };
            }
            else
            {
                tag = (header >> 2) & 0x0F;
                var octets = 1 << (header & 0x03);
                length = 0;
                for (var i = 0; i < octets; i++)
                {
                    length = (length << 8) | message[position++];
                }
            }

            if (tag == (int)PacketTag.SymmetricEncryptedIntegrityProtected)
            {
                Assert.True(length > 2100, "the test offsets must fall inside the first body chunk");
                return position + 1; // skip the SEIPD version octet
            }

            position += (int)length;
        }
    }
}
