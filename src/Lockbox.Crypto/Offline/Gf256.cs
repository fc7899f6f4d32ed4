// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Offline;

/// <summary>
/// Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B, FIPS 197
/// section 4.2). Addition is XOR. Multiplication is a branch-free shift-and-add loop rather than
/// log/exp tables: the ceremony runs offline, so cache-timing leaks matter little, but the loop costs
/// nothing noticeable at ceremony sizes and needs no table whose correctness must be argued.
/// </summary>
internal static class Gf256
{
    /// <summary>a * b in GF(256), in time independent of the operands.</summary>
    public static byte Multiply(byte a, byte b)
    {
        int x = a;
        int y = b;
        var product = 0;
        for (var bit = 0; bit < 8; bit++)
        {
            // -(y & 1) is all ones when the low bit of y is set, else zero: add x without a branch.
            product ^= x & -(y & 1);
            y >>= 1;
            // Multiply x by the generator x; reduce by 0x11B when the result overflows eight bits.
            x = (x << 1) ^ (0x11B & -((x >> 7) & 1));
        }

        return (byte)product;
    }

    /// <summary>The multiplicative inverse of a non-zero element: a^254, since a^255 = 1 in GF(256)*.</summary>
    public static byte Inverse(byte a)
    {
        if (a == 0)
        {
            throw new DivideByZeroException("zero has no inverse in GF(256)");
        }

        // Square-and-multiply over the fixed exponent 254 = 0b11111110.
        byte result = 1;
        var power = a;
        for (var exponent = 254; exponent != 0; exponent >>= 1)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, power);
            }

            power = Multiply(power, power);
        }

        return result;
    }
}
