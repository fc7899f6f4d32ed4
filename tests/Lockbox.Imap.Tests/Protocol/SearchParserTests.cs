// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

public sealed class SearchParserTests
{
    static SequenceSet Set(string text) => SequenceSet.TryParse(text, out var set) ? set : throw new ArgumentException(text);

    static SearchKey.Flag Flag(string name, bool set) => new(name, set);

    public static TheoryData<string, SearchCommand> Valid => new()
    {
        { "SEARCH ALL", new(false, null, SearchKey.Everything) },
        { "UID SEARCH ALL", new(true, null, SearchKey.Everything) },
        { "SEARCH CHARSET UTF-8 SUBJECT \"caf\u00E9\"", new(false, "UTF-8", new SearchKey.Text(SearchTextField.Subject, "caf\u00E9")) },
        { "SEARCH charset us-ascii TEXT hello", new(false, "US-ASCII", new SearchKey.Text(SearchTextField.Text, "hello")) },
        { "SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"", new(false, null, new SearchKey.AllOf([
            Flag("\\Flagged", true),
            new SearchKey.DateMatch(SearchDateField.Internal, SearchDateComparison.Since, new DateOnly(1994, 2, 1)),
            new SearchKey.Negated(new SearchKey.Text(SearchTextField.From, "Smith"))])) },
        { "SEARCH OR (SEEN FLAGGED) NOT (DELETED)", new(false, null,
            new SearchKey.Either(new SearchKey.AllOf([Flag("\\Seen", true), Flag("\\Flagged", true)]), new SearchKey.Negated(Flag("\\Deleted", true)))) },
        { "SEARCH OR OR ANSWERED DRAFT RECENT", new(false, null, new SearchKey.Either(new SearchKey.Either(Flag("\\Answered", true), Flag("\\Draft", true)), Flag("\\Recent", true))) },
        { "SEARCH UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN OLD", new(false, null, new SearchKey.AllOf([
            Flag("\\Answered", false), Flag("\\Deleted", false), Flag("\\Draft", false), Flag("\\Flagged", false), Flag("\\Seen", false), Flag("\\Recent", false)])) },
        { "SEARCH NEW", new(false, null, new SearchKey.AllOf([Flag("\\Recent", true), Flag("\\Seen", false)])) },
        { "SEARCH KEYWORD $Junk UNKEYWORD $Forwarded", new(false, null, new SearchKey.AllOf([Flag("$Junk", true), Flag("$Forwarded", false)])) },
        { "SEARCH BCC a CC b TO c BODY d", new(false, null, new SearchKey.AllOf([
            new SearchKey.Text(SearchTextField.Bcc, "a"), new SearchKey.Text(SearchTextField.Cc, "b"),
            new SearchKey.Text(SearchTextField.To, "c"), new SearchKey.Text(SearchTextField.Body, "d")])) },
        { "SEARCH HEADER List-Id \"\"", new(false, null, new SearchKey.Header("List-Id", "")) },
        { "SEARCH BEFORE \"7-Jan-2025\" ON 31-Dec-2024", new(false, null, new SearchKey.AllOf([
            new SearchKey.DateMatch(SearchDateField.Internal, SearchDateComparison.Before, new DateOnly(2025, 1, 7)),
            new SearchKey.DateMatch(SearchDateField.Internal, SearchDateComparison.On, new DateOnly(2024, 12, 31))])) },
        { "SEARCH SENTBEFORE 1-Jan-2000 SENTON 2-Jan-2000 SENTSINCE 3-jan-2000", new(false, null, new SearchKey.AllOf([
            new SearchKey.DateMatch(SearchDateField.Sent, SearchDateComparison.Before, new DateOnly(2000, 1, 1)),
            new SearchKey.DateMatch(SearchDateField.Sent, SearchDateComparison.On, new DateOnly(2000, 1, 2)),
            new SearchKey.DateMatch(SearchDateField.Sent, SearchDateComparison.Since, new DateOnly(2000, 1, 3))])) },
        { "SEARCH LARGER 1024 SMALLER 4294967295", new(false, null, new SearchKey.AllOf([new SearchKey.Size(true, 1024), new SearchKey.Size(false, uint.MaxValue)])) },
        { "SEARCH 1:10,*", new(false, null, new SearchKey.Sequence(Set("1:10,*"))) },
        { "UID SEARCH UID 100:*", new(true, null, new SearchKey.Uid(Set("100:*"))) },
        { "SEARCH MODSEQ 620162338", new(false, null, new SearchKey.ModSeq(620162338)) },
        { "SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338", new(false, null, new SearchKey.ModSeq(620162338)) },
        { "SEARCH SUBJECT {4}\r\nabcd", new(false, null, new SearchKey.Text(SearchTextField.Subject, "abcd")) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_search_parses(string line, SearchCommand expected)
    {
        var results = ReceiverDriver.Run("t " + line + "\r\n");

        Assert.Equal(expected, Assert.IsType<ImapReceiveResult.Complete>(results[^1]).Request.Command);
    }

    [Theory]
    [InlineData("SEARCH")]
    [InlineData("SEARCH CHARSET")]
    [InlineData("SEARCH BOGUS")]
    [InlineData("SEARCH SUBJECT")]
    [InlineData("SEARCH OR SEEN")]
    [InlineData("SEARCH NOT")]
    [InlineData("SEARCH ()")]
    [InlineData("SEARCH SINCE 32-Jan-2024")]
    [InlineData("SEARCH SINCE 1-Foo-2024")]
    [InlineData("SEARCH SINCE 2024-01-01")]
    [InlineData("SEARCH LARGER -1")]
    [InlineData("SEARCH LARGER 4294967296")]
    [InlineData("SEARCH UID 0")]
    [InlineData("SEARCH MODSEQ 9223372036854775808")]
    [InlineData("SEARCH MODSEQ \"/flags/\\\\draft\" nobody 5")]
    [InlineData("SEARCH KEYWORD \\")]
    public void Invalid_search_is_bad(string line)
    {
        Assert.Equal("t", ReceiverDriver.Bad("t " + line).Tag);
    }

    [Fact]
    public void Strings_that_are_not_utf8_are_bad()
    {
        byte[] line = [.. "t SEARCH SUBJECT \""u8, 0xFF, 0xFE, .. "\"\r\n"u8];

        Assert.Equal([new ImapReceiveResult.Bad("t", "Strings must be UTF-8")], ReceiverDriver.Run(line, int.MaxValue, null, null));
    }

    [Fact]
    public void Long_not_chain_is_bad_not_a_stack_overflow()
    {
        var line = "t SEARCH " + string.Concat(Enumerable.Repeat("NOT ", 5000)) + "ALL";

        Assert.Equal(new ImapReceiveResult.Bad("t", "SEARCH nests too deeply"), ReceiverDriver.Bad(line));
    }
}
