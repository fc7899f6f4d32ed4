// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

public sealed class FetchParserTests
{
    static readonly SequenceSet One = new([new SequenceRange(1, 1)]);
    static readonly SequenceSet All = new([new SequenceRange(1, SequenceSet.Star)]);

    static FetchAtt.Simple Item(FetchItem item) => new(item);

    static FetchAtt.Body Section(string fields = "", SectionText text = SectionText.Full, uint[]? part = null, bool peek = false, FetchPartial? partial = null) =>
        new(new BodySection(new EquatableList<uint>(part ?? []), text, new EquatableList<string>(fields.Length == 0 ? [] : fields.Split(' '))), peek, partial);

    public static TheoryData<string, FetchCommand> Valid => new()
    {
        { "FETCH 1 FLAGS", new(false, One, [Item(FetchItem.Flags)], null) },
        { "UID FETCH 1:* (UID FLAGS)", new(true, All, [Item(FetchItem.Uid), Item(FetchItem.Flags)], null) },
        { "FETCH 1 ALL", new(false, One, [Item(FetchItem.Flags), Item(FetchItem.InternalDate), Item(FetchItem.Rfc822Size), Item(FetchItem.Envelope)], null) },
        { "FETCH 1 fast", new(false, One, [Item(FetchItem.Flags), Item(FetchItem.InternalDate), Item(FetchItem.Rfc822Size)], null) },
        { "FETCH 1 FULL", new(false, One, [Item(FetchItem.Flags), Item(FetchItem.InternalDate), Item(FetchItem.Rfc822Size), Item(FetchItem.Envelope), Item(FetchItem.Body)], null) },
        { "FETCH 1 (ENVELOPE INTERNALDATE RFC822.SIZE BODYSTRUCTURE BODY MODSEQ RFC822 RFC822.HEADER RFC822.TEXT)", new(false, One, [
            Item(FetchItem.Envelope), Item(FetchItem.InternalDate), Item(FetchItem.Rfc822Size), Item(FetchItem.BodyStructure), Item(FetchItem.Body),
            Item(FetchItem.ModSeq), Item(FetchItem.Rfc822), Item(FetchItem.Rfc822Header), Item(FetchItem.Rfc822Text)], null) },
        { "FETCH 1 BODY[]", new(false, One, [Section()], null) },
        { "FETCH 1 BODY.PEEK[]<0.2048>", new(false, One, [Section(peek: true, partial: new FetchPartial(0, 2048))], null) },
        { "FETCH 1 body.peek[header]", new(false, One, [Section(text: SectionText.Header, peek: true)], null) },
        { "FETCH 1 BODY[TEXT]<100.50>", new(false, One, [Section(text: SectionText.Text, partial: new FetchPartial(100, 50))], null) },
        { "FETCH 1 BODY[1]", new(false, One, [Section(part: [1])], null) },
        { "FETCH 1 BODY[1.2.3.MIME]", new(false, One, [Section(text: SectionText.Mime, part: [1, 2, 3])], null) },
        { "FETCH 1 BODY[4.2.HEADER]", new(false, One, [Section(text: SectionText.Header, part: [4, 2])], null) },
        { "FETCH 1 BODY[2.TEXT]", new(false, One, [Section(text: SectionText.Text, part: [2])], null) },
        { "FETCH 1 (BODY.PEEK[HEADER.FIELDS (From To \"Subject\")] UID)", new(false, One, [
            Section("From To Subject", SectionText.HeaderFields, peek: true), Item(FetchItem.Uid)], null) },
        { "FETCH 1 BODY[HEADER.FIELDS.NOT (Received)]<0.10>", new(false, One, [
            Section("Received", SectionText.HeaderFieldsNot, partial: new FetchPartial(0, 10))], null) },
        { "FETCH 1 BODY[1.HEADER.FIELDS (DATE)]", new(false, One, [Section("DATE", SectionText.HeaderFields, part: [1])], null) },
        { "FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)", new(false, All, [Item(FetchItem.Flags)], 12345) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_fetch_parses(string line, FetchCommand expected)
    {
        Assert.Equal(expected, ReceiverDriver.Command("t " + line));
    }

    [Theory]
    [InlineData("FETCH 1")]
    [InlineData("FETCH FLAGS")]
    [InlineData("FETCH 1 ()")]
    [InlineData("FETCH 1 BOGUS")]
    [InlineData("FETCH 1 (ALL)")]
    [InlineData("FETCH 1 ALL FLAGS")]
    [InlineData("FETCH 1 BODY[MIME]")]
    [InlineData("FETCH 1 BODY[0]")]
    [InlineData("FETCH 1 BODY[1.]")]
    [InlineData("FETCH 1 BODY[01]")]
    [InlineData("FETCH 1 BODY[FOO]")]
    [InlineData("FETCH 1 BODY[HEADER.FIELDS]")]
    [InlineData("FETCH 1 BODY[HEADER.FIELDS ()]")]
    [InlineData("FETCH 1 BODY[HEADER.FIELDS (From)")]
    [InlineData("FETCH 1 BODY[HEADER (From)]")]
    [InlineData("FETCH 1 BODY[]<0>")]
    [InlineData("FETCH 1 BODY[]<0.0>")]
    [InlineData("FETCH 1 BODY[]<a.1>")]
    [InlineData("FETCH 1 BODY[]x")]
    [InlineData("FETCH 1 FLAGS (CHANGEDSINCE)")]
    [InlineData("FETCH 1 FLAGS (VANISHED)")]
    public void Invalid_fetch_is_bad(string line)
    {
        Assert.Equal("t", ReceiverDriver.Bad("t " + line).Tag);
    }

    [Theory]
    [InlineData("BODY.PEEK[]<0.100>", "BODY[]<0>")]
    [InlineData("BODY[1.2.MIME]", "BODY[1.2.MIME]")]
    [InlineData("BODY[HEADER.FIELDS (From To)]", "BODY[HEADER.FIELDS (From To)]")]
    [InlineData("BODY[3.HEADER.FIELDS.NOT (X)]<5.5>", "BODY[3.HEADER.FIELDS.NOT (X)]<5>")]
    public void Response_name_drops_peek_and_the_partial_length(string item, string expected)
    {
        var fetch = Assert.IsType<FetchCommand>(ReceiverDriver.Command("t FETCH 1 " + item));

        Assert.Equal(expected, Assert.IsType<FetchAtt.Body>(Assert.Single(fetch.Attributes)).ResponseName);
    }
}
