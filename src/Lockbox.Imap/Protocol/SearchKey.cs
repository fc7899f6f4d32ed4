// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// A SEARCH criterion (RFC 3501 section 6.4.4) as a closed tree. The flag keys are normalised:
/// SEEN is <c>Flag("\Seen", true)</c>, UNSEEN <c>Flag("\Seen", false)</c>, KEYWORD k <c>Flag(k, true)</c>,
/// NEW is RECENT and UNSEEN, OLD is NOT RECENT.
/// </summary>
public abstract record SearchKey
{
    SearchKey()
    {
    }

    public static SearchKey Everything { get; } = new All();

    public sealed record All : SearchKey;

    public sealed record AllOf(EquatableList<SearchKey> Keys) : SearchKey;

    public sealed record Either(SearchKey Left, SearchKey Right) : SearchKey;

    public sealed record Negated(SearchKey Key) : SearchKey;

    /// <summary>A system flag (with its backslash) or a keyword is set (<paramref name="Set"/>) or not.</summary>
    public sealed record Flag(string Name, bool Set) : SearchKey;

    /// <summary>A case-insensitive substring match (RFC 3501 section 6.4.4).</summary>
    public sealed record Text(SearchTextField Field, string Value) : SearchKey;

    /// <summary>HEADER field-name string; an empty value matches every message with the field.</summary>
    public sealed record Header(string Name, string Value) : SearchKey;

    public sealed record DateMatch(SearchDateField Field, SearchDateComparison Comparison, DateOnly Value) : SearchKey;

    /// <summary>LARGER n (<paramref name="Larger"/>) or SMALLER n, on RFC822.SIZE.</summary>
    public sealed record Size(bool Larger, uint Octets) : SearchKey;

    /// <summary>A bare sequence set of message numbers.</summary>
    public sealed record Sequence(SequenceSet Set) : SearchKey;

    public sealed record Uid(SequenceSet Set) : SearchKey;

    /// <summary>MODSEQ n (RFC 7162 section 3.1.5): messages with a mod-sequence of at least n.</summary>
    public sealed record ModSeq(ulong Value) : SearchKey;
}
