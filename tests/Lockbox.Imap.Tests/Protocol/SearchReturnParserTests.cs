// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

/// <summary>SEARCH RETURN options (ESEARCH, RFC 4731 section 3.1).</summary>
public sealed class SearchReturnParserTests
{
    [Theory]
    [InlineData("SEARCH RETURN (MIN MAX) ALL", new[] { SearchReturn.Min, SearchReturn.Max })]
    [InlineData("UID SEARCH RETURN (count all count) CHARSET UTF-8 SEEN", new[] { SearchReturn.Count, SearchReturn.All })]
    [InlineData("SEARCH RETURN () ALL", new[] { SearchReturn.All })]
    public void Return_options_parse_without_duplicates_and_an_empty_list_means_all(string line, SearchReturn[] expected)
    {
        var command = Assert.IsType<SearchCommand>(ReceiverDriver.Command("t " + line));

        Assert.Equal(expected, command.Return);
    }

    [Fact]
    public void Classic_search_has_no_return_options()
    {
        Assert.Null(Assert.IsType<SearchCommand>(ReceiverDriver.Command("t SEARCH ALL")).Return);
    }

    [Theory]
    [InlineData("t SEARCH RETURN (SAVE) ALL")]
    [InlineData("t SEARCH RETURN MIN ALL")]
    [InlineData("t SEARCH RETURN (MIN ALL")]
    [InlineData("t SEARCH CHARSET UTF-8 RETURN (MIN) ALL")]
    public void Unsupported_or_malformed_return_options_are_bad(string line)
    {
        Assert.Equal("t", ReceiverDriver.Bad(line).Tag);
    }
}
