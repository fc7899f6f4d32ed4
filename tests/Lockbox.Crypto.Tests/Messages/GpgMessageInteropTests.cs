// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Crypto.Tests.Interop;

namespace Lockbox.Crypto.Tests.Messages;

/// <summary>The stored form must stay readable by gpg 2.2, and mail that gpg encrypted must be readable here.</summary>
public sealed class GpgMessageInteropTests
{
    static readonly byte[] Plaintext = TestMessages.RandomBytes(200_000, seed: 20);

    [Theory]
    [InlineData(KeyAlgorithm.Curve25519, false)]
    [InlineData(KeyAlgorithm.Rsa3072, true)]
    public async Task Gpg_decrypts_a_message_that_Lockbox_encrypted(KeyAlgorithm algorithm, bool compress)
    {
        var key = TestMessages.Key(algorithm);
        using var gpg = await HomeWithSecretKeyAsync(key);
        var ciphertext = TestMessages.Encrypt(Plaintext, new EncryptionOptions { Compress = compress }, key.Certificate);

        var decrypted = await gpg.RunCheckedAsync(ciphertext, "--decrypt");

        Assert.Equal(Plaintext, decrypted);
    }

    // Curve25519 messages are written by Lockbox's own SEIPD writer (AES and SHA-1 through .NET): the sizes
    // sit on its block (16), partial chunk (65,536 with the 6-octet literal header) and buffer boundaries.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(65_530)]
    [InlineData(65_531)]
    [InlineData(131_066)]
    [InlineData(300_001)]
    public async Task Gpg_decrypts_Curve25519_messages_of_every_framing_size_for_each_of_two_recipients(int size)
    {
        var plaintext = TestMessages.RandomBytes(size, seed: size);
        var ciphertext = TestMessages.Encrypt(plaintext, TestMessages.Curve25519.Certificate, TestMessages.Other.Certificate);

        foreach (var key in new[] { TestMessages.Curve25519, TestMessages.Other })
        {
            using var gpg = await HomeWithSecretKeyAsync(key);
            Assert.Equal(plaintext, await gpg.RunCheckedAsync(ciphertext, "--decrypt"));
        }
    }

    [Fact]
    public async Task Gpg_decrypts_the_second_message_of_a_session_which_reuses_the_first_ones_session_key()
    {
        var key = TestMessages.Curve25519;
        using var gpg = await HomeWithSecretKeyAsync(key);
        var record = TestMessages.RandomBytes(900, seed: 21);
        using var session = MessageSession.Open([key.Certificate]);
        session.Encrypt(Plaintext);

        Assert.Equal(record, await gpg.RunCheckedAsync(session.Encrypt(record), "--decrypt"));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Curve25519, "none")]
    [InlineData(KeyAlgorithm.Curve25519, "zlib")]
    [InlineData(KeyAlgorithm.Rsa3072, "zlib")]
    [InlineData(KeyAlgorithm.Rsa3072, null)] // gpg's default compression
    public async Task Lockbox_decrypts_a_message_that_gpg_encrypted(KeyAlgorithm algorithm, string? compression)
    {
        var key = TestMessages.Key(algorithm);
        using var gpg = new GpgHome();
        await gpg.RunCheckedAsync(key.Certificate.ToBinary(), "--import");
        string[] compress = compression is null ? [] : ["--compress-algo", compression];

        var ciphertext = await gpg.RunCheckedAsync(
            Plaintext, ["--trust-model", "always", "--encrypt", "--recipient", key.Certificate.Fingerprint, .. compress]);

        Assert.Equal(Plaintext, await TestMessages.DecryptAsync(ciphertext, key));
    }

    static async Task<GpgHome> HomeWithSecretKeyAsync(UnlockedKey key)
    {
        var gpg = new GpgHome();
        var secret = key.ToUnprotectedBinary();
        try
        {
            await gpg.RunCheckedAsync(secret, "--import");
            return gpg;
        }
        catch
        {
            gpg.Dispose();
            throw;
        }
        finally
        {
            Array.Clear(secret);
        }
    }
}
