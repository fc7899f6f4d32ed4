// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Offline;

namespace Lockbox.Crypto.Tests.Offline;

public sealed class Gf256Tests
{
    [Theory]
    // FIPS 197 section 4.2: {57} x {83} = {c1}, {57} x {13} = {fe}.
    [InlineData(0x57, 0x83, 0xC1)]
    [InlineData(0x57, 0x13, 0xFE)]
    [InlineData(0x00, 0xFF, 0x00)]
    [InlineData(0x01, 0xAB, 0xAB)]
    public void Multiply_matches_the_AES_field(int a, int b, int product)
    {
        Assert.Equal((byte)product, Gf256.Multiply((byte)a, (byte)b));
        Assert.Equal((byte)product, Gf256.Multiply((byte)b, (byte)a));
    }

    [Fact]
    public void Every_non_zero_element_times_its_inverse_is_one()
    {
        for (var a = 1; a < 256; a++)
        {
            Assert.Equal(1, Gf256.Multiply((byte)a, Gf256.Inverse((byte)a)));
        }
    }

    [Fact]
    public void Zero_has_no_inverse() => Assert.Throws<DivideByZeroException>(() => Gf256.Inverse(0));
}
