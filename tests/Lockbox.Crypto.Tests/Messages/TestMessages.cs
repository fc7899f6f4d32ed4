// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;

namespace Lockbox.Crypto.Tests.Messages;

/// <summary>Keys generated once per test run (RSA generation is slow) and small encrypt/decrypt helpers.</summary>
internal static class TestMessages
{
    static readonly Lazy<UnlockedKey> LazyCurve = new(() => KeyGenerator.Generate("alice@example.org"));
    static readonly Lazy<UnlockedKey> LazyRsa = new(() => KeyGenerator.Generate("bob@example.org", KeyAlgorithm.Rsa3072));
    static readonly Lazy<UnlockedKey> LazyOther = new(() => KeyGenerator.Generate("mallory@example.org"));

    public static UnlockedKey Curve25519 => LazyCurve.Value;

    public static UnlockedKey Rsa3072 => LazyRsa.Value;

    /// <summary>A key that no test message is encrypted to.</summary>
    public static UnlockedKey Other => LazyOther.Value;

    public static UnlockedKey Key(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Curve25519 => Curve25519,
        KeyAlgorithm.Rsa3072 => Rsa3072,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Encrypt(byte[] plaintext, EncryptionOptions? options, params PublicCertificate[] recipients)
    {
        using var output = new MemoryStream();
        using (var encrypting = MessageEncryptor.OpenEncryptingStream(output, recipients, options))
        {
            encrypting.Write(plaintext);
        }

        return output.ToArray();
    }

    public static byte[] Encrypt(byte[] plaintext, params PublicCertificate[] recipients) => Encrypt(plaintext, null, recipients);

    public static async Task<byte[]> DecryptAsync(byte[] ciphertext, UnlockedKey key)
    {
        using var destination = new MemoryStream();
        await MessageDecryptor.DecryptAsync(new MemoryStream(ciphertext, writable: false), key, destination, TestContext.Current.CancellationToken);
        return destination.ToArray();
    }
}
