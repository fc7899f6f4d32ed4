// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>A header field as it appears in the message: its name and raw (possibly folded, possibly 8-bit) value.</summary>
/// <param name="Name">The field name, without the colon.</param>
/// <param name="RawValue">Every octet after the colon up to and including the line end of the last folded line.</param>
public sealed record HeaderField(string Name, byte[] RawValue)
{
    /// <summary>
    /// The octets before the colon exactly as written, when they differ from <see cref="Name"/> (e.g.
    /// "Subject " with a space before the colon); null or empty when <see cref="Name"/> in UTF-8 is exact
    /// (the stored JSON gives back an empty array for null). Records stored before this property existed
    /// have null here.
    /// </summary>
    public byte[]? RawName { get; init; }

    /// <summary>
    /// A line without any colon that the parser kept in the header block: the whole line (with its line
    /// end) is <see cref="RawName"/> and <see cref="RawValue"/> is empty.
    /// </summary>
    public bool NoColon { get; init; }
}
