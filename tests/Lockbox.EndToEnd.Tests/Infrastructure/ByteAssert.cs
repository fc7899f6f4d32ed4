// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>Byte-for-byte comparison that reports where two (possibly 20 MB) buffers differ instead of dumping them.</summary>
internal static class ByteAssert
{
    /// <summary>Null when equal, else a one-line description of the first difference.</summary>
    public static string? Difference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        var at = expected.CommonPrefixLength(actual);
        if (at == expected.Length && at == actual.Length)
        {
            return null;
        }

        return $"lengths {expected.Length} (expected) and {actual.Length} (actual); first difference at byte {at}: " +
            $"expected \"{Excerpt(expected, at)}\", got \"{Excerpt(actual, at)}\"";
    }

    static string Excerpt(ReadOnlySpan<byte> bytes, int at)
    {
        var start = Math.Max(0, at - 20);
        var slice = bytes[start..Math.Min(bytes.Length, at + 40)];
        return string.Concat(slice.ToArray().Select(b => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}"));
    }
}
