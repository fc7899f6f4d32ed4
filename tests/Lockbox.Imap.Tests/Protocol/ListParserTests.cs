// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

public sealed class ListParserTests
{
    public static TheoryData<string, ListCommand> Valid => new()
    {
        { "LIST \"\" *", new("", ["*"], ListSelection.None, ListReturn.None, []) },
        { "LIST \"\" \"\"", new("", [""], ListSelection.None, ListReturn.None, []) },
        { "LIST ~/Mail/ %", new("~/Mail/", ["%"], ListSelection.None, ListReturn.None, []) },
        { "LIST \"\" Entw&APw-rfe/%", new("", ["Entw\u00FCrfe/%"], ListSelection.None, ListReturn.None, []) },
        { "LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (INBOX Lists/*)", new("", ["INBOX", "Lists/*"], ListSelection.Subscribed | ListSelection.RecursiveMatch, ListReturn.None, []) },
        { "LIST (SPECIAL-USE) \"\" * RETURN (SPECIAL-USE)", new("", ["*"], ListSelection.SpecialUse, ListReturn.SpecialUse, []) },
        { "LIST \"\" % RETURN (CHILDREN SUBSCRIBED STATUS (MESSAGES UNSEEN))", new("", ["%"], ListSelection.None,
            ListReturn.Children | ListReturn.Subscribed | ListReturn.Status, [StatusItem.Messages, StatusItem.Unseen]) },
        { "LIST () \"\" % RETURN ()", new("", ["%"], ListSelection.None, ListReturn.None, []) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_list_parses(string line, ListCommand expected)
    {
        Assert.Equal(expected, ReceiverDriver.Command("t " + line));
    }

    [Theory]
    [InlineData("LIST")]
    [InlineData("LIST \"\"")]
    [InlineData("LIST (RECURSIVEMATCH) \"\" *")]
    [InlineData("LIST (BOGUS) \"\" *")]
    [InlineData("LIST \"\" * RETURN (BOGUS)")]
    [InlineData("LIST \"\" * RETURN CHILDREN")]
    [InlineData("LIST \"\" * RETURN (STATUS)")]
    [InlineData("LIST \"\" &Jjo")]
    [InlineData("LIST \"\" ()")]
    [InlineData("LSUB \"\"")]
    public void Invalid_list_is_bad(string line)
    {
        Assert.Equal("t", ReceiverDriver.Bad("t " + line).Tag);
    }
}
