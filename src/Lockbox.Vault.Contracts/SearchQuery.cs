// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

namespace Lockbox.Vault.Contracts;

/// <summary>
/// A search over one mailbox (RFC 3501 section 6.4.4 without its session-relative parts): a closed tree of
/// serialisable records. Front ends resolve message sequence numbers, "*" and \Recent to UID ranges before
/// asking, since only they know what the client was told. Text keys match case-insensitively as substrings
/// of the decoded text (RFC 3501: "case-insensitive substring match").
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "key")]
[JsonDerivedType(typeof(All), "all")]
[JsonDerivedType(typeof(AllOf), "and")]
[JsonDerivedType(typeof(Either), "or")]
[JsonDerivedType(typeof(Negated), "not")]
[JsonDerivedType(typeof(Uids), "uids")]
[JsonDerivedType(typeof(Flag), "flag")]
[JsonDerivedType(typeof(Text), "text")]
[JsonDerivedType(typeof(DateMatch), "date")]
[JsonDerivedType(typeof(Size), "size")]
[JsonDerivedType(typeof(ModSeq), "modseq")]
public abstract record SearchQuery
{
    SearchQuery()
    {
    }

    /// <summary>Every message.</summary>
    public sealed record All : SearchQuery;

    /// <summary>Messages matching every one of <paramref name="Queries"/> (all messages when empty).</summary>
    public sealed record AllOf(IReadOnlyList<SearchQuery> Queries) : SearchQuery;

    /// <summary>Messages matching either query.</summary>
    public sealed record Either(SearchQuery Left, SearchQuery Right) : SearchQuery;

    /// <summary>Messages not matching <paramref name="Query"/>.</summary>
    public sealed record Negated(SearchQuery Query) : SearchQuery;

    /// <summary>Messages whose UID lies in one of the inclusive ranges (none when empty).</summary>
    public sealed record Uids(IReadOnlyList<UidRange> Ranges) : SearchQuery;

    /// <summary>
    /// A system flag ("\Seen", "\Answered", "\Flagged", "\Deleted", "\Draft") or a keyword is set
    /// (<paramref name="Set"/>) or not. Names compare case-insensitively.
    /// </summary>
    public sealed record Flag(string Name, bool Set) : SearchQuery;

    /// <summary>
    /// <paramref name="Value"/> occurs in the decoded text of <paramref name="Scope"/>; for
    /// <see cref="SearchTextScope.Header"/>, in the value of a header field named <paramref name="HeaderName"/>
    /// (an empty value then matches every message that has the field).
    /// </summary>
    public sealed record Text(SearchTextScope Scope, string? HeaderName, string Value) : SearchQuery;

    /// <summary>The internal date or the Date header, compared by calendar day without time or zone.</summary>
    public sealed record DateMatch(SearchDateSource Source, SearchDateRelation Relation, DateOnly Day) : SearchQuery;

    /// <summary>RFC822.SIZE greater than (<paramref name="Larger"/>) or less than <paramref name="Octets"/>.</summary>
    public sealed record Size(bool Larger, long Octets) : SearchQuery;

    /// <summary>RFC 7162: messages whose MODSEQ is at least <paramref name="Minimum"/>.</summary>
    public sealed record ModSeq(long Minimum) : SearchQuery;
}
