// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Crypto.Tests.Interop;
using Lockbox.Crypto.Tests.Keys;

namespace Lockbox.Crypto.Tests.Messages;

/// <summary>
/// Re-wrapping (docs/decisions/0020): the PKESKs of a message are replaced by one to another key carrying the same session
/// key, and the SEIPD packet is copied unchanged; the result opens with the new key alone, and gpg reads it.
/// </summary>
public sealed class SessionKeyPacketsTests
{
    static readonly byte[] Plaintext = TestMessages.RandomBytes(150_000, seed: 2020);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(KeyAlgorithm.Curve25519, KeyAlgorithm.Curve25519)]
    [InlineData(KeyAlgorithm.Curve25519, KeyAlgorithm.Rsa3072)]
    [InlineData(KeyAlgorithm.Rsa3072, KeyAlgorithm.Curve25519)]
    [InlineData(KeyAlgorithm.Rsa3072, KeyAlgorithm.Rsa3072)]
    public async Task A_rewrapped_message_opens_with_the_new_key_alone_and_keeps_its_encrypted_data(KeyAlgorithm from, KeyAlgorithm to)
    {
        var oldKey = TestMessages.Key(from);
        var newKey = (from, to) switch
        {
            (_, KeyAlgorithm.Curve25519) => TestMessages.Other,
            (KeyAlgorithm.Curve25519, _) => TestMessages.Rsa3072,
            _ => KeyGenerator.Generate("carol@example.org", KeyAlgorithm.Rsa3072),
        };

        var original = TestMessages.Encrypt(Plaintext, oldKey.Certificate);

        var rewrapped = await RewrapAsync(original, [oldKey], newKey.Certificate);

        var before = SessionKeyPackets.Parse(original);
        var after = SessionKeyPackets.Parse(rewrapped);
        Assert.Equal(original[before.EncryptedDataOffset..], rewrapped[after.EncryptedDataOffset..]);
        Assert.True(after.IsWrappedOnlyTo(newKey.Certificate));
        Assert.False(before.IsWrappedOnlyTo(newKey.Certificate));
        Assert.Equal(Plaintext, await TestMessages.DecryptAsync(rewrapped, newKey));
        await Assert.ThrowsAsync<NoMatchingKeyException>(() => TestMessages.DecryptAsync(rewrapped, oldKey));
    }

    [Fact]
    public async Task Gpg_decrypts_a_rewrapped_message_with_the_new_key()
    {
        var original = TestMessages.Encrypt(Plaintext, TestMessages.Rsa3072.Certificate);
        var rewrapped = await RewrapAsync(original, [TestMessages.Rsa3072], TestMessages.Curve25519.Certificate);
        using var gpg = new GpgHome();
        var secret = TestMessages.Curve25519.ToUnprotectedBinary();
        await gpg.RunCheckedAsync(secret, "--import");
        Array.Clear(secret);

        Assert.Equal(Plaintext, await gpg.RunCheckedAsync(rewrapped, "--decrypt"));
    }

    /// <summary>Session keys that gpg wrapped, to a NIST P-256 ECDH key and to an RSA key, are read too (keys users import).</summary>
    [Fact]
    public async Task Session_keys_that_gpg_wrapped_to_a_nist_p256_or_an_rsa_key_are_rewrapped()
    {
        using var gpg = new GpgHome();
        await gpg.RunCheckedAsync(null, "--passphrase", "", "--quick-gen-key", "p256@example.org", "nistp256", "sign,cert", "never");
        var listing = System.Text.Encoding.ASCII.GetString(await gpg.RunCheckedAsync(null, "--with-colons", "--list-keys", "p256@example.org"));
        var fingerprint = listing.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
        await gpg.RunCheckedAsync(null, "--passphrase", "", "--quick-add-key", fingerprint, "nistp256", "encr", "never");
        var p256 = KeyImport.Import(await gpg.RunCheckedAsync(null, "--passphrase", "", "--export-secret-keys", "p256@example.org")).Unlock("");
        var rsa = KeyImport.Import(KeyFixtures.Read("rsa2048.sec.asc")).Unlock(KeyFixtures.Passphrase);
        await gpg.RunCheckedAsync(rsa.Certificate.ToBinary(), "--import");

        foreach (var key in new[] { p256, rsa })
        {
            var original = await gpg.RunCheckedAsync(
                Plaintext, "--trust-model", "always", "--cipher-algo", "AES256", "--encrypt", "--recipient", key.Certificate.Fingerprint);
            var rewrapped = await RewrapAsync(original, [TestMessages.Other, key], TestMessages.Curve25519.Certificate);
            Assert.Equal(Plaintext, await TestMessages.DecryptAsync(rewrapped, TestMessages.Curve25519));
        }
    }

    [Fact]
    public async Task A_message_no_given_key_opens_or_whose_session_key_packet_was_altered_is_refused()
    {
        var original = TestMessages.Encrypt(Plaintext, TestMessages.Curve25519.Certificate);
        await Assert.ThrowsAsync<NoMatchingKeyException>(() => RewrapAsync(original, [TestMessages.Other], TestMessages.Rsa3072.Certificate));

        // The last octet of the RFC 3394 wrapped session key: its integrity check fails.
        var altered = (byte[])original.Clone();
        altered[SessionKeyPackets.Parse(original).EncryptedDataOffset - 1] ^= 0x01;
        await Assert.ThrowsAsync<MessageIntegrityException>(() => RewrapAsync(altered, [TestMessages.Curve25519], TestMessages.Other.Certificate));
        Assert.Throws<MessageFormatException>(() => SessionKeyPackets.Parse(Plaintext));
    }

    static async Task<byte[]> RewrapAsync(byte[] message, IReadOnlyList<UnlockedKey> keys, PublicCertificate recipient)
    {
        var source = new MemoryStream(message, writable: false);
        var head = await SessionKeyPackets.ReadAsync(source, Ct);
        using var destination = new MemoryStream();
        await head.WriteRewrappedAsync(destination, source, keys, recipient, Ct);
        var whole = SessionKeyPackets.Parse(message).Rewrap(keys, recipient);
        Assert.Equal(destination.Length, whole.Length);
        return destination.ToArray();
    }
}
