// SPDX-License-Identifier: MIT
using System.Text.Json;
using Lockbox.Vault.Contracts;
using Q = Lockbox.Vault.Contracts.SearchQuery;

namespace Lockbox.Vault.Tests.Search;

/// <summary>Every RFC 3501 search key, as Vault evaluates it over the encrypted index of <see cref="SearchCorpus"/>.</summary>
public sealed class SearchKeyTests(SearchCorpus corpus) : IClassFixture<SearchCorpus>
{
    static readonly Dictionary<string, (Q Query, long[] Uids)> Cases = new()
    {
        ["ALL"] = (new Q.All(), [1, 2, 3, 4]),
        ["BODY in plain text, any case"] = (Body("good THIS"), [1]),
        ["BODY in quoted-printable Latin-1"] = (Body("SCHÖNE grüße"), [2]),
        ["BODY in base64 HTML, tags removed"] = (Body("hallo welt"), [2]),
        ["BODY finds HTML entities decoded"] = (Body("& mond"), [2]),
        ["BODY skips HTML script"] = (Body("scriptword"), []),
        ["BODY skips HTML markup"] = (Body("<p>"), []),
        ["BODY skips non-text attachments"] = (Body("attachmentword"), []),
        ["BODY does not see header fields"] = (Body("quarterly"), []),
        ["BODY in a multipart/mixed text part"] = (Body("pizza at one"), [3]),
        ["TEXT sees header fields and body"] = (Text(SearchTextScope.Text, null, "quarterly"), [1, 4]),
        ["TEXT sees the body"] = (Text(SearchTextScope.Text, null, "oktoberfest"), [2]),
        ["SUBJECT, any case"] = (Header("Subject", "QUARTERLY"), [1, 4]),
        ["SUBJECT in an RFC 2047 word"] = (Header("Subject", "münchen"), [2]),
        ["FROM display name in an RFC 2047 word"] = (Header("From", "ZOË"), [2]),
        ["FROM address"] = (Header("From", "bob@example.net"), [1, 4]),
        ["TO"] = (Header("To", "alice"), [1, 2, 3, 4]),
        ["CC"] = (Header("Cc", "carol"), [2]),
        ["BCC"] = (Header("Bcc", "erin"), [3]),
        ["HEADER any field"] = (Header("x-TRACKING", "orange"), [3]),
        ["HEADER with an empty string: the field exists"] = (Header("X-Tracking", ""), [3]),
        ["HEADER sees trace fields"] = (Header("Delivered-To", "alice@example.org"), [1, 2, 3, 4]),
        ["HEADER of an absent field"] = (Header("X-Nothing", ""), []),
        ["SENTBEFORE"] = (Date(SearchDateSource.Sent, SearchDateRelation.Before, 2026, 3, 15), [1]),
        ["SENTON the header's own day, not UTC"] = (Date(SearchDateSource.Sent, SearchDateRelation.On, 2026, 3, 15), [2]),
        ["SENTSINCE; no Date header never matches"] = (Date(SearchDateSource.Sent, SearchDateRelation.Since, 2026, 3, 16), [4]),
        ["BEFORE"] = (Date(SearchDateSource.Internal, SearchDateRelation.Before, 2026, 3, 16), [1]),
        ["ON"] = (Date(SearchDateSource.Internal, SearchDateRelation.On, 2026, 3, 16), [2]),
        ["SINCE"] = (Date(SearchDateSource.Internal, SearchDateRelation.Since, 2026, 4, 1), [3, 4]),
        ["LARGER"] = (new Q.Size(true, 5000), [3]),
        ["SMALLER"] = (new Q.Size(false, 2000), [1, 2, 4]),
        ["SEEN"] = (Flag(@"\Seen", true), [1, 3]),
        ["UNSEEN"] = (Flag(@"\Seen", false), [2, 4]),
        ["ANSWERED"] = (Flag(@"\Answered", true), [1]),
        ["FLAGGED"] = (Flag(@"\flagged", true), [2]),
        ["DELETED"] = (Flag(@"\Deleted", true), [3]),
        ["UNDELETED"] = (Flag(@"\Deleted", false), [1, 2, 4]),
        ["DRAFT"] = (Flag(@"\Draft", true), [3]),
        ["UNDRAFT"] = (Flag(@"\Draft", false), [1, 2, 4]),
        ["KEYWORD"] = (Flag("$Label1", true), [2]),
        ["KEYWORD shared by two messages"] = (Flag("Work", true), [2, 4]),
        ["KEYWORD in another case"] = (Flag("$LABEL1", true), [2]),
        ["KEYWORD that no message carries"] = (Flag("$Junk", true), []),
        ["UNKEYWORD"] = (Flag("$Label1", false), [1, 3, 4]),
        ["UNKEYWORD that no message carries"] = (Flag("$Junk", false), [1, 2, 3, 4]),
        ["UID ranges"] = (new Q.Uids([new UidRange(2, 3), new UidRange(9, 12)]), [2, 3]),
        ["no UIDs"] = (new Q.Uids([]), []),
        ["OR with NOT inside"] = (new Q.Either(Header("Subject", "lunch"), new Q.Negated(Flag(@"\Seen", true))), [2, 3, 4]),
        ["AND with a nested NOT OR"] = (new Q.AllOf([Header("To", "alice"), new Q.Negated(new Q.Either(Header("Subject", "quarterly"), Body("pizza")))]), [2]),
        ["empty AND is everything"] = (new Q.AllOf([]), [1, 2, 3, 4]),
    };

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Key_matches_exactly_the_expected_messages(string name)
    {
        var (query, uids) = Cases[name];

        Assert.Equal(uids, await corpus.Session.SearchAsync("INBOX", query, Ct));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Query_survives_a_json_round_trip_unchanged_in_meaning(string name)
    {
        var (query, uids) = Cases[name];

        var copy = JsonSerializer.Deserialize<Q>(JsonSerializer.Serialize(query));

        Assert.Equal(uids, await corpus.Session.SearchAsync("INBOX", copy!, Ct));
    }

    [Fact]
    public async Task Modseq_matches_messages_changed_at_or_after_it()
    {
        var third = (await corpus.Session.ListMessagesAsync("INBOX", Ct))[2];

        Assert.Equal([3, 4], await corpus.Session.SearchAsync("INBOX", new Q.ModSeq(third.ModSeq), Ct));
    }

    [Fact]
    public async Task Unknown_mailbox_is_refused()
    {
        await Assert.ThrowsAsync<MailboxNotFoundException>(() => corpus.Session.SearchAsync("Nope", new Q.All(), Ct));
    }

    static Q.Text Body(string value) => Text(SearchTextScope.Body, null, value);

    static Q.Text Header(string name, string value) => Text(SearchTextScope.Header, name, value);

    static Q.Text Text(SearchTextScope scope, string? header, string value) => new(scope, header, value);

    static Q.Flag Flag(string name, bool set) => new(name, set);

    static Q.DateMatch Date(SearchDateSource source, SearchDateRelation relation, int year, int month, int day) =>
        new(source, relation, new DateOnly(year, month, day));
}
