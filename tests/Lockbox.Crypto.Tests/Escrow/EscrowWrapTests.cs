// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Crypto.Offline;

namespace Lockbox.Crypto.Tests.Escrow;

public sealed class EscrowWrapTests
{
    readonly MasterSecretKey _master = MasterKeyCeremony.Generate();

    [Fact]
    public async Task Unwrapped_key_has_the_same_fingerprint_and_decrypts_the_users_mail()
    {
        using var user = KeyGenerator.Generate("alice@example.org");
        var mail = "Subject: hello\r\n\r\nescrow test\r\n"u8.ToArray();
        var encrypted = await EncryptAsync(mail, user.Certificate);

        // The server side sees only the public key, as escrow install-master would load it.
        var publicOnly = MasterPublicKey.Parse(Encoding.ASCII.GetBytes(_master.PublicKey.ToArmored()));
        var blob = EscrowWrap.Wrap(user, publicOnly);
        using var recovered = await EscrowUnwrap.UnwrapAsync(blob, _master, TestContext.Current.CancellationToken);

        Assert.Equal(user.Certificate.Fingerprint, recovered.Certificate.Fingerprint);
        Assert.Equal(mail, await DecryptAsync(encrypted, recovered));
    }

    [Fact]
    public void Blob_is_a_binary_OpenPGP_message_without_the_key_in_clear()
    {
        using var user = KeyGenerator.Generate("bob@example.org");

        var blob = EscrowWrap.Wrap(user, _master.PublicKey);

        // RFC 4880 section 4.2: the first packet is a PKESK (tag 1), in old or new header format.
        Assert.NotEqual(0, blob[0] & 0x80);
        Assert.Equal(1, (blob[0] & 0x40) != 0 ? blob[0] & 0x3F : (blob[0] >> 2) & 0x0F);
        var fingerprint = Convert.FromHexString(user.Certificate.Fingerprint);
        Assert.DoesNotContain(Encoding.UTF8.GetBytes("bob@example.org"), Windows(blob, 15));
        Assert.DoesNotContain(fingerprint[..8], Windows(blob, 8));
    }

    [Fact]
    public async Task Unwrap_with_another_master_key_fails()
    {
        using var user = KeyGenerator.Generate("carol@example.org");
        using var other = MasterKeyCeremony.Generate();
        var blob = EscrowWrap.Wrap(user, _master.PublicKey);

        await Assert.ThrowsAsync<NoMatchingKeyException>(() => EscrowUnwrap.UnwrapAsync(blob, other, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Tampered_blob_fails_its_integrity_check()
    {
        using var user = KeyGenerator.Generate("dave@example.org");
        var blob = EscrowWrap.Wrap(user, _master.PublicKey);
        blob[^30] ^= 0x01;

        await Assert.ThrowsAsync<MessageIntegrityException>(() => EscrowUnwrap.UnwrapAsync(blob, _master, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_RSA_4096_master_key_wraps_and_unwraps()
    {
        using var master = MasterKeyCeremony.Generate(MasterKeyType.Rsa4096);
        using var user = KeyGenerator.Generate("erin@example.org");

        var blob = EscrowWrap.Wrap(user, master.PublicKey);
        using var recovered = await EscrowUnwrap.UnwrapAsync(blob, master, TestContext.Current.CancellationToken);

        Assert.Equal("RSA 4096", master.PublicKey.Certificate.PrimaryAlgorithm);
        Assert.Equal(user.Certificate.Fingerprint, recovered.Certificate.Fingerprint);
    }

    static async Task<byte[]> EncryptAsync(byte[] plaintext, PublicCertificate recipient)
    {
        using var output = new MemoryStream();
        await MessageEncryptor.EncryptAsync(new MemoryStream(plaintext), output, [recipient], TestContext.Current.CancellationToken);
        return output.ToArray();
    }

    static async Task<byte[]> DecryptAsync(byte[] ciphertext, UnlockedKey key)
    {
        using var output = new MemoryStream();
        await MessageDecryptor.DecryptAsync(new MemoryStream(ciphertext), key, output, TestContext.Current.CancellationToken);
        return output.ToArray();
    }

    static IEnumerable<byte[]> Windows(byte[] data, int size) =>
        Enumerable.Range(0, data.Length - size + 1).Select(i => data[i..(i + size)]);
}
