// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Mailboxes;

namespace Lockbox.Vault.Tests.Mailboxes;

public sealed class MailboxNameTests
{
    public static TheoryData<string> InvalidNames => new()
    {
        "",
        "/",
        "/Leading",
        "Trailing/",
        "Empty//Level",
        ".",
        "..",
        "a/../b",
        "a/./b",
        "Tab\there",
        "Del\u007fete",
        "C1\u0085",
        "Line\u2028separator",
        "Paragraph\u2029separator",
        "Star*",
        "Per%cent",
        "#shared/news",
        "~bob/INBOX",
        "Lone\ud800surrogate",
        new string('x', 513),
        string.Join('/', Enumerable.Repeat("d", 17)),
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_names_are_refused_as_invalid(string name)
    {
        var refused = Assert.Throws<MailboxOperationException>(() => MailboxName.Validate(name));

        Assert.Equal(MailboxError.InvalidName, refused.Error);
    }

    [Theory]
    [InlineData("Projects", "Projects")]
    [InlineData("Projects/2026/Q1", "Projects/2026/Q1")]
    [InlineData("inbox/Receipts", "INBOX/Receipts")]
    [InlineData("Inboxes", "Inboxes")]
    [InlineData("Entwürfe/Ärger 😀", "Entwürfe/Ärger 😀")]
    [InlineData("Other Users/bob", "Other Users/bob")]
    [InlineData("a.b/..c", "a.b/..c")]
    public void Valid_names_come_back_canonical(string name, string expected)
    {
        Assert.Equal(expected, MailboxName.Validate(name));
    }

    [Fact]
    public void Superiors_are_listed_outermost_first()
    {
        Assert.Equal(["a", "a/b"], MailboxName.Superiors("a/b/c"));
        Assert.Empty(MailboxName.Superiors("a"));
    }
}
