// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Lockbox.Crypto.Protection;

/// <summary>Argon2id, version 0x13 (RFC 9106), through BouncyCastle.</summary>
internal static class Argon2Kdf
{
    /// <summary>Fills <paramref name="output"/> from the password bytes and salt.</summary>
    public static void Derive(byte[] password, byte[] salt, Argon2Settings settings, byte[] output)
    {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithMemoryAsKB(settings.MemoryKiB)
            .WithIterations(settings.Iterations)
            .WithParallelism(settings.Parallelism)
            .WithSalt(salt)
            .Build();
        // No TaskFactory: on the 2-core reference machine running lanes on the thread pool was not
        // faster (docs/decisions/0002), and a login must not occupy several pool threads.
        var generator = new Argon2BytesGenerator();
        generator.Init(parameters);
        generator.GenerateBytes(password, output);
    }
}
