// SPDX-License-Identifier: MIT
using BenchmarkDotNet.Attributes;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Lockbox.Crypto.Benchmarks;

/// <summary>
/// The cost of a login (Unlock) and of storing a key (Protect) at the default Argon2id settings, for a
/// Curve25519 key; the raw KDF with and without BouncyCastle's TaskFactory lanes; and the gpg export,
/// whose two maximum-count SHA-256 S2K runs dominate it. Figures: docs/decisions/0002.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class ProtectionBenchmarks
{
    const string Password = "correct horse battery staple";
    UnlockedKey _key = null!;
    byte[] _envelope = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = KeyGenerator.Generate("bench@example.org");
        _envelope = KeyProtector.Protect(_key, Password, Argon2Settings.Default);
    }

    [Benchmark]
    public byte[] Protect() => KeyProtector.Protect(_key, Password, Argon2Settings.Default);

    [Benchmark(Baseline = true)]
    public bool Unlock()
    {
        using var key = KeyProtector.Unlock(_envelope, Password);
        return key.IsDisposed;
    }

    [Benchmark]
    public byte[] Argon2idSequentialLanes() => Argon2(new Argon2BytesGenerator());

    [Benchmark]
    public byte[] Argon2idTaskFactoryLanes() => Argon2(new Argon2BytesGenerator(Task.Factory));

    [Benchmark]
    public string GpgExportCurve25519() => GpgExport.ExportSecretKey(_key, Password);

    static byte[] Argon2(Argon2BytesGenerator generator)
    {
        generator.Init(new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithMemoryAsKB(64 * 1024)
            .WithIterations(3)
            .WithParallelism(4)
            .WithSalt(new byte[16])
            .Build());
        var output = new byte[32];
        generator.GenerateBytes("password"u8.ToArray(), output);
        return output;
    }
}
