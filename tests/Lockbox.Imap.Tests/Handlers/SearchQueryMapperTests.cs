// SPDX-License-Identifier: MIT
using System.Text.Json;
using Lockbox.Imap.Handlers;
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Tests.Protocol;
using Lockbox.Vault.Contracts;
using Q = Lockbox.Vault.Contracts.SearchQuery;

namespace Lockbox.Imap.Tests.Handlers;

/// <summary>Parsed SEARCH criteria to Vault queries, over a snapshot whose messages have UIDs 3, 5, 8, 9 and 20.</summary>
public sealed class SearchQueryMapperTests
{
    static readonly IReadOnlyList<MessageInfo> Snapshot =
        [.. new long[] { 3, 5, 8, 9, 20 }.Select(uid => new MessageInfo(uid, uid, [], DateTime.UnixEpoch))];

    static readonly Dictionary<string, Q> Cases = new()
    {
        ["SEARCH ALL"] = new Q.All(),
        ["SEARCH CHARSET UTF-8 BODY \"Grüße\""] = new Q.Text(SearchTextScope.Body, null, "Grüße"),
        ["SEARCH TEXT x"] = new Q.Text(SearchTextScope.Text, null, "x"),
        ["SEARCH SUBJECT a FROM b TO c CC d BCC e"] = new Q.AllOf([
            new Q.Text(SearchTextScope.Header, "Subject", "a"), new Q.Text(SearchTextScope.Header, "From", "b"),
            new Q.Text(SearchTextScope.Header, "To", "c"), new Q.Text(SearchTextScope.Header, "Cc", "d"), new Q.Text(SearchTextScope.Header, "Bcc", "e")]),
        ["SEARCH HEADER List-Id \"\""] = new Q.Text(SearchTextScope.Header, "List-Id", ""),
        ["SEARCH SEEN UNFLAGGED KEYWORD $Junk"] = new Q.AllOf([new Q.Flag(@"\Seen", true), new Q.Flag(@"\Flagged", false), new Q.Flag("$Junk", true)]),
        // \Recent is not tracked: set on no message.
        ["SEARCH RECENT"] = new Q.Uids([]),
        ["SEARCH OLD"] = new Q.All(),
        ["SEARCH NEW"] = new Q.AllOf([new Q.Uids([]), new Q.Flag(@"\Seen", false)]),
        ["SEARCH BEFORE 1-Feb-2026 SENTON 2-Feb-2026 SINCE 3-Feb-2026"] = new Q.AllOf([
            new Q.DateMatch(SearchDateSource.Internal, SearchDateRelation.Before, new DateOnly(2026, 2, 1)),
            new Q.DateMatch(SearchDateSource.Sent, SearchDateRelation.On, new DateOnly(2026, 2, 2)),
            new Q.DateMatch(SearchDateSource.Internal, SearchDateRelation.Since, new DateOnly(2026, 2, 3))]),
        ["SEARCH LARGER 10 SMALLER 20"] = new Q.AllOf([new Q.Size(true, 10), new Q.Size(false, 20)]),
        ["SEARCH OR NOT SEEN (DELETED DRAFT)"] = new Q.Either(new Q.Negated(new Q.Flag(@"\Seen", true)),
            new Q.AllOf([new Q.Flag(@"\Deleted", true), new Q.Flag(@"\Draft", true)])),
        // Sequence numbers become the UIDs of consecutive runs of the snapshot; numbers beyond it match nothing.
        ["SEARCH 1,3:4,*,7"] = new Q.Uids([new UidRange(3, 3), new UidRange(8, 20)]),
        ["SEARCH 1,3,5"] = new Q.Uids([new UidRange(3, 3), new UidRange(8, 8), new UidRange(20, 20)]),
        ["SEARCH 2:*"] = new Q.Uids([new UidRange(5, 20)]),
        // "*" in a UID set is the largest UID of the snapshot; ranges come in either order.
        ["UID SEARCH UID 30:* UID 4:2"] = new Q.AllOf([new Q.Uids([new UidRange(20, 30)]), new Q.Uids([new UidRange(2, 4)])]),
        ["SEARCH MODSEQ 9223372036854775807"] = new Q.ModSeq(long.MaxValue),
    };

    public static TheoryData<string> Commands => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_maps_to_the_expected_query(string command)
    {
        var parsed = (SearchCommand)ReceiverDriver.Command("t " + command);

        var query = SearchQueryMapper.Map(parsed.Criteria, Snapshot);

        Assert.Equal(JsonSerializer.Serialize(Cases[command]), JsonSerializer.Serialize(query));
    }
}
