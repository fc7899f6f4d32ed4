// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp.Server;

/// <summary>A framed command line, or why there is none.</summary>
internal readonly record struct LineResult(ReadOnlyMemory<byte> Bytes, bool IsTooLong, bool IsClosed)
{
    public static readonly LineResult TooLong = new(default, true, false);

    public static readonly LineResult Closed = new(default, false, true);

    public static LineResult Line(ReadOnlyMemory<byte> bytes) => new(bytes, false, false);
}
