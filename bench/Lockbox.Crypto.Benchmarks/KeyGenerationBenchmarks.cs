// SPDX-License-Identifier: MIT
using BenchmarkDotNet.Attributes;
using Lockbox.Crypto.Keys;

namespace Lockbox.Crypto.Benchmarks;

/// <summary>Cost of generating a user's key pair (primary + encryption subkey), per algorithm.</summary>
[MemoryDiagnoser]
public class KeyGenerationBenchmarks
{
    [Params(KeyAlgorithm.Curve25519, KeyAlgorithm.Rsa3072)]
    public KeyAlgorithm Algorithm { get; set; }

    [Benchmark]
    public string Generate()
    {
        using var key = KeyGenerator.Generate("bench@example.org", Algorithm);
        return key.Certificate.Fingerprint;
    }
}
