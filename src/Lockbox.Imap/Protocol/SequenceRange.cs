// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// One element of a sequence set: a number or a range, as sent (RFC 3501 section 9, seq-range: the
/// ends may come in either order). <see cref="SequenceSet.Star"/> stands for "*", the largest number in use.
/// </summary>
public readonly record struct SequenceRange(uint First, uint Last)
{
    public override string ToString() =>
        First == Last ? Format(First) : Format(First) + ":" + Format(Last);

    static string Format(uint value) =>
        value == SequenceSet.Star ? "*" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
