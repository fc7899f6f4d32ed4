// SPDX-License-Identifier: MIT
using CsCheck;
using Lockbox.Crypto.Messages;

namespace Lockbox.Crypto.Tests.Messages;

public sealed class MessagePropertyTests
{
    [Fact]
    public async Task Any_message_round_trips_whatever_its_size_compression_and_write_pattern()
    {
        var key = TestMessages.Curve25519;
        // Empty, tiny, around the 64 KiB partial-length chunk boundary, and above 1 MiB.
        var size = Gen.OneOf(Gen.Const(0), Gen.Int[1, 300], Gen.Int[65_000, 66_000], Gen.Int[1 << 20, (1 << 20) + 200_000]);
        var sample = Gen.Select(size, Gen.Int, Gen.Bool, Gen.Int[1, 100_000]);

        await sample.SampleAsync(async (length, seed, compress, writeSize) =>
        {
            var plaintext = TestMessages.RandomBytes(length, seed);
            using var output = new MemoryStream();
            await using (var encrypting = MessageEncryptor.OpenEncryptingStream(output, [key.Certificate], new EncryptionOptions { Compress = compress }))
            {
                for (var offset = 0; offset < length; offset += writeSize)
                {
                    await encrypting.WriteAsync(plaintext.AsMemory(offset, Math.Min(writeSize, length - offset)));
                }
            }

            Assert.Equal(plaintext, await TestMessages.DecryptAsync(output.ToArray(), key));
        }, iter: 24, threads: 1);
    }
}
