// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Search;

/// <summary>
/// Turns a <see cref="SearchQuery"/> into a predicate over a message's row and its clear search document,
/// folding every needle once (RFC 3501 section 6.4.4: case-insensitive substring match).
/// </summary>
internal static class SearchEvaluator
{
    /// <summary>Whether the query reads message content (text or the Date header): impossible for public-key-only users.</summary>
    public static bool NeedsContent(SearchQuery query) => query switch
    {
        SearchQuery.Text or SearchQuery.DateMatch { Source: SearchDateSource.Sent } => true,
        SearchQuery.AllOf and => and.Queries.Any(NeedsContent),
        SearchQuery.Either or => NeedsContent(or.Left) || NeedsContent(or.Right),
        SearchQuery.Negated not => NeedsContent(not.Query),
        _ => false,
    };

    /// <summary>Whether the query reads the search document (content, or the clear RFC822.SIZE).</summary>
    public static bool NeedsDocument(SearchQuery query) => query switch
    {
        SearchQuery.Size => true,
        SearchQuery.AllOf and => and.Queries.Any(NeedsDocument),
        SearchQuery.Either or => NeedsDocument(or.Left) || NeedsDocument(or.Right),
        SearchQuery.Negated not => NeedsDocument(not.Query),
        _ => NeedsContent(query),
    };

    /// <summary>
    /// Whether the query needs more of the document than its compact form (<see cref="SearchDocument.Compact"/>):
    /// body text, or a header field the compact form does not keep.
    /// </summary>
    public static bool NeedsFullDocument(SearchQuery query) => query switch
    {
        SearchQuery.Text { Scope: SearchTextScope.Body or SearchTextScope.Text } => true,
        SearchQuery.Text text => !SearchDocument.IsCompactField(text.HeaderName ?? ""),
        SearchQuery.AllOf and => and.Queries.Any(NeedsFullDocument),
        SearchQuery.Either or => NeedsFullDocument(or.Left) || NeedsFullDocument(or.Right),
        SearchQuery.Negated not => NeedsFullDocument(not.Query),
        _ => false,
    };

    /// <summary>
    /// The predicate. A message without a document (only for public-key-only users, whose queries never need
    /// one except for size) is measured by its stored size, which is what such a user is served.
    /// </summary>
    public static Func<MessageRecord, SearchDocument?, bool> Compile(SearchQuery query)
    {
        switch (query)
        {
            case SearchQuery.All:
                return static (_, _) => true;
            case SearchQuery.AllOf and:
                var parts = and.Queries.Select(Compile).ToArray();
                return (m, d) => parts.All(p => p(m, d));
            case SearchQuery.Either or:
                var (left, right) = (Compile(or.Left), Compile(or.Right));
                return (m, d) => left(m, d) || right(m, d);
            case SearchQuery.Negated not:
                var inner = Compile(not.Query);
                return (m, d) => !inner(m, d);
            case SearchQuery.Uids uids:
                var ranges = uids.Ranges.ToArray();
                return (m, _) => ranges.Any(r => m.Uid >= r.First && m.Uid <= r.Last);
            case SearchQuery.Flag flag:
                var system = SystemFlag(flag.Name);
                // RFC 3501 section 6.4.4 KEYWORD/UNKEYWORD: keywords compare case-insensitively, as the store keeps them.
                return system != SystemFlags.None
                    ? (m, _) => m.Flags.HasFlag(system) == flag.Set
                    : (m, _) => m.Keywords.Contains(flag.Name, StringComparer.OrdinalIgnoreCase) == flag.Set;
            case SearchQuery.ModSeq modSeq:
                return (m, _) => m.ModSeq >= modSeq.Minimum;
            case SearchQuery.Size size:
                return (m, d) => (d?.Size ?? m.StoredSize) is var octets && (size.Larger ? octets > size.Octets : octets < size.Octets);
            case SearchQuery.DateMatch date:
                return DateMatch(date);
            case SearchQuery.Text text:
                return TextMatch(text);
            default:
                throw new ArgumentException($"unknown search key {query.GetType().Name}", nameof(query));
        }
    }

    static Func<MessageRecord, SearchDocument?, bool> DateMatch(SearchQuery.DateMatch date)
    {
        bool Compare(DateOnly day) => date.Relation switch
        {
            SearchDateRelation.Before => day < date.Day,
            SearchDateRelation.On => day == date.Day,
            _ => day >= date.Day,
        };

        // RFC 3501 section 6.4.4: "disregarding time and timezone". The internal date is kept in UTC.
        return date.Source == SearchDateSource.Internal
            ? (m, _) => Compare(DateOnly.FromDateTime(m.InternalDate))
            : (_, d) => d?.SentDay is { } sent && Compare(sent);
    }

    static Func<MessageRecord, SearchDocument?, bool> TextMatch(SearchQuery.Text text)
    {
        var needle = SearchDocument.Fold(text.Value);
        switch (text.Scope)
        {
            case SearchTextScope.Body:
                return (_, d) => d is { } document && document.BodyContains(needle);
            case SearchTextScope.Text:
                return (_, d) => d is { } document && document.TextContains(needle);
            default:
                var name = SearchDocument.Fold(text.HeaderName ?? throw new ArgumentException("a header key needs a field name", nameof(text)));
                return (_, d) => d is { } document && document.HeaderContains(name, needle);
        }
    }

    static SystemFlags SystemFlag(string name) =>
        name.StartsWith('\\') && name.Skip(1).All(char.IsAsciiLetter) && Enum.TryParse<SystemFlags>(name[1..], ignoreCase: true, out var flag) && Enum.IsDefined(flag) ? flag : SystemFlags.None;
}
