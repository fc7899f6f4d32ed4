// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.ZeroAccess;
using Org.BouncyCastle.Bcpg;

namespace Lockbox.Vault.Tests.ZeroAccess;

/// <summary>
/// The armor served for zero-access mail (docs/decisions/0018): its computed length must equal the bytes produced
/// (IMAP announces it before the first byte), and OpenPGP readers must get the binary message back (gpg reads it in
/// Lockbox.EndToEnd.Tests, KeyImportTests).
/// </summary>
public sealed class ArmoredMessageStreamTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Around one base64 group (3), one line (48), one read chunk (12,288) and its padding cases (a message is never empty).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(47)]
    [InlineData(48)]
    [InlineData(49)]
    [InlineData(12_287)]
    [InlineData(12_288)]
    [InlineData(12_289)]
    [InlineData(100_001)]
    public async Task The_armor_has_the_computed_length_and_lines_and_decodes_to_the_binary_message(int size)
    {
        var binary = RandomBytes(size, seed: size);

        var armored = await ArmorAsync(binary);

        Assert.Equal(ArmoredMessageStream.ArmoredLength(size), armored.Length);
        var lines = Encoding.ASCII.GetString(armored).Split("\r\n");
        Assert.Equal("", lines[^1]);
        Assert.Equal(ArmoredMessageStream.LineCount(size), lines.Length - 1);
        Assert.Equal("-----BEGIN PGP MESSAGE-----", lines[0]);
        Assert.Equal("-----END PGP MESSAGE-----", lines[^2]);
        Assert.All(lines, l => Assert.True(l.Length <= 64 && !l.Contains('\n', StringComparison.Ordinal), l));
        // BouncyCastle's reader checks the CRC-24 line when it reaches the end.
        using var decoder = new ArmoredInputStream(new MemoryStream(armored));
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded, Ct);
        Assert.Equal(binary, decoded.ToArray());
    }

    // Shows that the decoding above checks the CRC-24 line, so a wrong checksum would fail it.
    [Fact]
    public async Task A_damaged_checksum_is_noticed_by_the_reader()
    {
        var armored = await ArmorAsync(RandomBytes(1_000, seed: 1));
        var text = Encoding.ASCII.GetString(armored);
        var crc = text.LastIndexOf("\r\n=", StringComparison.Ordinal) + 3;
        armored[crc] = (byte)(armored[crc] == 'A' ? 'B' : 'A');

        using var decoder = new ArmoredInputStream(new MemoryStream(armored));
        await Assert.ThrowsAnyAsync<IOException>(() => decoder.CopyToAsync(Stream.Null, Ct));
    }

    static async Task<byte[]> ArmorAsync(byte[] binary)
    {
        await using var armor = new ArmoredMessageStream(new MemoryStream(binary, writable: false));
        var output = new MemoryStream();
        // Small, odd reads: the stream must hand out its pending bytes across calls.
        var buffer = new byte[1_000];
        int read;
        while ((read = await armor.ReadAsync(buffer.AsMemory(0, 777), Ct)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    // Every byte value occurs, so every base64 character does too.
    static byte[] RandomBytes(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 7919) ^ seed))];
}
