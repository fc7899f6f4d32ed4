// SPDX-License-Identifier: MIT
using BenchmarkDotNet.Attributes;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;

namespace Lockbox.Crypto.Benchmarks;

/// <summary>Encrypting to and decrypting with one recipient key, per message size (DESIGN.md section 4 targets).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class MessageBenchmarks
{
    UnlockedKey _key = null!;
    PublicCertificate[] _recipients = null!;
    byte[] _plaintext = null!;
    byte[] _ciphertext = null!;
    readonly MemoryStream _output = new();

    [Params(KeyAlgorithm.Curve25519, KeyAlgorithm.Rsa3072)]
    public KeyAlgorithm Algorithm { get; set; }

    [Params(4 * 1024, 100 * 1024, 2 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _key = KeyGenerator.Generate("bench@example.org", Algorithm);
        // A freshly parsed certificate, as Vault would hold it, not the generator's own object.
        _recipients = [PublicCertificate.Parse(_key.Certificate.ToBinary())];
        _plaintext = new byte[Size];
        new Random(42).NextBytes(_plaintext);
        Encrypt();
        _ciphertext = _output.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark]
    public void Encrypt()
    {
        _output.SetLength(0);
        using var encrypting = MessageEncryptor.OpenEncryptingStream(_output, _recipients);
        encrypting.Write(_plaintext);
    }

    [Benchmark]
    public Task Decrypt() =>
        MessageDecryptor.DecryptAsync(new MemoryStream(_ciphertext, writable: false), _key, Stream.Null, CancellationToken.None);
}
