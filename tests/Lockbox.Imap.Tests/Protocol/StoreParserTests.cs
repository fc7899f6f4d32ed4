// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

public sealed class StoreParserTests
{
    static readonly SequenceSet Two = new([new SequenceRange(2, 4)]);

    public static TheoryData<string, StoreCommand> Valid => new()
    {
        { "STORE 2:4 FLAGS (\\Seen)", new(false, Two, StoreMode.Replace, false, ["\\Seen"], null) },
        { "STORE 2:4 FLAGS ()", new(false, Two, StoreMode.Replace, false, [], null) },
        { "STORE 2:4 +FLAGS (\\Deleted $Junk)", new(false, Two, StoreMode.Add, false, ["\\Deleted", "$Junk"], null) },
        { "UID STORE 2:4 -flags.silent \\Flagged", new(true, Two, StoreMode.Remove, true, ["\\Flagged"], null) },
        { "STORE 2:4 +FLAGS.SILENT \\Seen \\Answered", new(false, Two, StoreMode.Add, true, ["\\Seen", "\\Answered"], null) },
        { "STORE 2:4 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)", new(false, Two, StoreMode.Add, true, ["\\Deleted"], 320162338) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_store_parses(string line, StoreCommand expected)
    {
        Assert.Equal(expected, ReceiverDriver.Command("t " + line));
    }

    [Theory]
    [InlineData("STORE 1 FLAGS")]
    [InlineData("STORE 1 +FLAGS ()")]
    [InlineData("STORE 1 LABELS (x)")]
    [InlineData("STORE 1 *FLAGS (\\Seen)")]
    [InlineData("STORE 1 FLAGS (\\Seen")]
    [InlineData("STORE 1 FLAGS (\\)")]
    [InlineData("STORE 1 FLAGS (\"Seen\")")]
    [InlineData("STORE 1 FLAGS (a%b)")]
    [InlineData("STORE 1 (UNCHANGEDSINCE) FLAGS ()")]
    [InlineData("STORE 1 (NOPE 5) FLAGS ()")]
    [InlineData("STORE FLAGS ()")]
    public void Invalid_store_is_bad(string line)
    {
        Assert.Equal("t", ReceiverDriver.Bad("t " + line).Tag);
    }
}
