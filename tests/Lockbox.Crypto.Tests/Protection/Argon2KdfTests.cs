// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Protection;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Lockbox.Crypto.Tests.Protection;

public sealed class Argon2KdfTests
{
    [Theory]
    [InlineData(1u, 64u, 1u)]
    [InlineData(3u, 256u, 4u)]
    [InlineData(2u, 1024u, 2u)]
    public void Native_argon2id_equals_BouncyCastle_byte_for_byte(uint iterations, uint memoryKiB, uint parallelism)
    {
        var password = "pässwörd"u8.ToArray();
        var salt = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var native = new byte[32];
        var managed = new byte[32];

        Argon2Kdf.DeriveRaw(password, salt, iterations, memoryKiB, parallelism, native);
        var generator = new Argon2BytesGenerator();
        generator.Init(new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithIterations((int)iterations)
            .WithMemoryAsKB((int)memoryKiB)
            .WithParallelism((int)parallelism)
            .WithSalt(salt)
            .Build());
        generator.GenerateBytes(password, managed);

        Assert.Equal(managed, native);
    }

    [Fact]
    public void Library_errors_surface_as_cryptographic_exceptions()
    {
        // Argon2 needs at least 8 KiB per lane (RFC 9106 section 3.1): the library refuses, and so do we.
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() =>
            Argon2Kdf.DeriveRaw([1, 2, 3], new byte[16], 1, 8, 4, new byte[32]));
    }
}
