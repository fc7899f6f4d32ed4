// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

public sealed class SequenceSetTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("1:*", "1:*")]
    [InlineData("*", "*")]
    [InlineData("5:2,7,9:*", "5:2,7,9:*")]
    [InlineData("4294967295", "*")]
    public void Valid_set_round_trips(string text, string formatted)
    {
        Assert.True(SequenceSet.TryParse(text, out var set));
        Assert.Equal(formatted, set.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("01")]
    [InlineData("1:")]
    [InlineData(":1")]
    [InlineData("1,,2")]
    [InlineData("1:2:3")]
    [InlineData("-1")]
    [InlineData("4294967296")]
    [InlineData("$")]
    public void Invalid_set_is_refused(string text)
    {
        Assert.False(SequenceSet.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1:3", 2, 10, true)]
    [InlineData("3:1", 2, 10, true)]
    [InlineData("5:*", 10, 10, true)]
    [InlineData("5:*", 4, 10, false)]
    [InlineData("*:5", 7, 10, true)]
    [InlineData("*", 10, 10, true)]
    [InlineData("*", 9, 10, false)]
    [InlineData("1,4", 3, 10, false)]
    public void Star_stands_for_the_largest_number(string text, uint value, uint largest, bool expected)
    {
        Assert.True(SequenceSet.TryParse(text, out var set));
        Assert.Equal(expected, set.Contains(value, largest));
    }
}
