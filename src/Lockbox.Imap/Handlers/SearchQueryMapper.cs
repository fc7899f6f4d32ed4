// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// Maps a parsed SEARCH criterion to Vault's <see cref="SearchQuery"/>. What only this session knows is
/// resolved here: message sequence numbers and "*" become UID ranges of the snapshot the client was told
/// about (RFC 3501 section 2.3.1.2), and \Recent, which Lockbox does not track (STATUS RECENT is 0), is
/// set on no message, so RECENT and NEW match nothing and OLD matches everything.
/// </summary>
internal static class SearchQueryMapper
{
    public static SearchQuery Map(SearchKey key, IReadOnlyList<MessageInfo> messages) => key switch
    {
        SearchKey.All => new SearchQuery.All(),
        SearchKey.AllOf all => new SearchQuery.AllOf([.. all.Keys.Select(k => Map(k, messages))]),
        SearchKey.Either either => new SearchQuery.Either(Map(either.Left, messages), Map(either.Right, messages)),
        SearchKey.Negated negated => new SearchQuery.Negated(Map(negated.Key, messages)),
        SearchKey.Flag { Name: var name, Set: var set } when name.Equals(@"\Recent", StringComparison.OrdinalIgnoreCase) =>
            set ? new SearchQuery.Uids([]) : new SearchQuery.All(),
        SearchKey.Flag flag => new SearchQuery.Flag(flag.Name, flag.Set),
        SearchKey.Text text => MapText(text),
        SearchKey.Header header => new SearchQuery.Text(SearchTextScope.Header, header.Name, header.Value),
        SearchKey.DateMatch date => new SearchQuery.DateMatch(
            date.Field == SearchDateField.Internal ? SearchDateSource.Internal : SearchDateSource.Sent,
            date.Comparison switch
            {
                SearchDateComparison.Before => SearchDateRelation.Before,
                SearchDateComparison.On => SearchDateRelation.On,
                _ => SearchDateRelation.Since,
            },
            date.Value),
        SearchKey.Size size => new SearchQuery.Size(size.Larger, size.Octets),
        SearchKey.Sequence sequence => new SearchQuery.Uids(SequenceRanges(sequence.Set, messages)),
        SearchKey.Uid uid => new SearchQuery.Uids(UidRanges(uid.Set, messages)),
        SearchKey.ModSeq modSeq => new SearchQuery.ModSeq((long)Math.Min(modSeq.Value, long.MaxValue)),
        _ => throw new ArgumentException($"unknown search key {key.GetType().Name}", nameof(key)),
    };

    static SearchQuery.Text MapText(SearchKey.Text text) => text.Field switch
    {
        SearchTextField.Body => new SearchQuery.Text(SearchTextScope.Body, null, text.Value),
        SearchTextField.Text => new SearchQuery.Text(SearchTextScope.Text, null, text.Value),
        // RFC 3501 section 6.4.4: SUBJECT, FROM, TO, CC and BCC look in that header field.
        var field => new SearchQuery.Text(SearchTextScope.Header, field.ToString(), text.Value),
    };

    /// <summary>
    /// The UIDs of the messages whose sequence numbers are in the set, as ranges of consecutive messages.
    /// A range between two UIDs of the snapshot can hold no message outside it: UIDs only grow, and messages
    /// expunged since are gone from the store too.
    /// </summary>
    static List<UidRange> SequenceRanges(SequenceSet set, IReadOnlyList<MessageInfo> messages)
    {
        var ranges = new List<UidRange>();
        var start = -1;
        for (var i = 0; i <= messages.Count; i++)
        {
            var inSet = i < messages.Count && set.Contains((uint)(i + 1), (uint)messages.Count);
            if (inSet && start < 0)
            {
                start = i;
            }
            else if (!inSet && start >= 0)
            {
                ranges.Add(new UidRange(messages[start].Uid, messages[i - 1].Uid));
                start = -1;
            }
        }

        return ranges;
    }

    /// <summary>UID ranges with "*" as the largest UID of the snapshot (RFC 3501 section 9), ends in order.</summary>
    static List<UidRange> UidRanges(SequenceSet set, IReadOnlyList<MessageInfo> messages)
    {
        var largest = messages.Count == 0 ? 0 : messages[^1].Uid;
        return [.. set.Ranges.Select(r =>
        {
            var (first, last) = (r.First == SequenceSet.Star ? largest : r.First, r.Last == SequenceSet.Star ? largest : r.Last);
            return new UidRange(Math.Min(first, last), Math.Max(first, last));
        })];
    }
}
