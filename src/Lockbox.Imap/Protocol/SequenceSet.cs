// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Lockbox.Imap.Protocol;

/// <summary>A sequence-set of message numbers or UIDs (RFC 3501 section 9), kept in the client's order.</summary>
public sealed record SequenceSet(EquatableList<SequenceRange> Ranges)
{
    /// <summary>The value that stands for "*".</summary>
    public const uint Star = uint.MaxValue;

    /// <summary>Parses "1,3:5,7:*"; false on anything else (zero is not a valid number).</summary>
    public static bool TryParse(string text, out SequenceSet set)
    {
        ArgumentNullException.ThrowIfNull(text);
        set = new SequenceSet([]);
        var ranges = new List<SequenceRange>();
        foreach (var part in text.Split(','))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                if (!TryParseNumber(part, out var single))
                {
                    return false;
                }

                ranges.Add(new SequenceRange(single, single));
            }
            else if (TryParseNumber(part[..colon], out var first) && TryParseNumber(part[(colon + 1)..], out var last))
            {
                ranges.Add(new SequenceRange(first, last));
            }
            else
            {
                return false;
            }
        }

        set = new SequenceSet(new EquatableList<SequenceRange>(ranges));
        return true;
    }

    /// <summary>
    /// True when <paramref name="value"/> is in the set, with "*" standing for <paramref name="largest"/>
    /// (RFC 3501 section 9: "*" is the largest number in use).
    /// </summary>
    public bool Contains(uint value, uint largest)
    {
        foreach (var range in Ranges)
        {
            var first = range.First == Star ? largest : range.First;
            var last = range.Last == Star ? largest : range.Last;
            if (value >= Math.Min(first, last) && value <= Math.Max(first, last))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(",", Ranges);

    static bool TryParseNumber(string text, out uint value)
    {
        if (text == "*")
        {
            value = Star;
            return true;
        }

        // nz-number = digit-nz *DIGIT, and a number fits in 32 bits (RFC 3501 section 9).
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value != 0 && text[0] != '0';
    }
}
