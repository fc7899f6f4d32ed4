// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Imap.Fetch;

namespace Lockbox.Imap.Tests.Fetch;

public sealed class AddressParserTests
{
    [Theory]
    [InlineData("alice@example.org", "(NIL NIL alice example.org)")]
    [InlineData("Alice <alice@example.org>", "(Alice NIL alice example.org)")]
    [InlineData("\"Doe, Jane\" <jane@example.org>, bob@example.org", "(Doe, Jane NIL jane example.org) (NIL NIL bob example.org)")]
    [InlineData("=?utf-8?q?J=C3=B6rg?= <joerg@example.net>", "(=?utf-8?q?J=C3=B6rg?= NIL joerg example.net)")]
    [InlineData("John  Q. Public <jqp@example.org>", "(John Q. Public NIL jqp example.org)")]
    [InlineData("\"with \\\"escaped\\\" quotes\" <q@example.org>", "(with \"escaped\" quotes NIL q example.org)")]
    [InlineData("carl@example.org (Carl C)", "(Carl C NIL carl example.org)")]
    [InlineData("(comment) Name (more) <n@example.org> (trailing)", "(Name NIL n example.org)")]
    [InlineData("undisclosed-recipients:;", "(NIL NIL undisclosed-recipients NIL) (NIL NIL NIL NIL)")]
    [InlineData("Team: ann@example.org, B <b@example.org>;, c@example.org",
        "(NIL NIL Team NIL) (NIL NIL ann example.org) (B NIL b example.org) (NIL NIL NIL NIL) (NIL NIL c example.org)")]
    [InlineData("<@relay.example,@two.example:user@example.org>", "(NIL @relay.example,@two.example user example.org)")]
    [InlineData("\"quoted local\"@example.org", "(NIL NIL quoted local example.org)")]
    [InlineData("user@[192.0.2.1]", "(NIL NIL user [192.0.2.1])")]
    [InlineData("nodomain", "(NIL NIL nodomain )")]
    [InlineData("<>", "")]
    [InlineData("", "")]
    [InlineData(",,, a@b.example ,", "(NIL NIL a b.example)")]
    [InlineData("Broken <a@b.example, Next <n@example.org>", "(Broken NIL a b.example) (Next NIL n example.org)")]
    [InlineData("Group: unterminated@example.org", "(NIL NIL Group NIL) (NIL NIL unterminated example.org) (NIL NIL NIL NIL)")]
    public void Address_lists_are_read_as_RFC_3501_envelope_addresses(string header, string expected)
    {
        var addresses = AddressParser.Parse(Encoding.UTF8.GetBytes(header));

        Assert.Equal(expected, string.Join(" ", addresses.Select(a => $"({Show(a.Name)} {Show(a.Route)} {Show(a.Mailbox)} {Show(a.Host)})")));
    }

    [Fact]
    public void Eight_bit_display_names_stay_as_the_octets_sent()
    {
        var raw = Encoding.UTF8.GetBytes("Jörg Müller <joerg@example.net>");

        var address = Assert.Single(AddressParser.Parse(raw));

        Assert.Equal(Encoding.UTF8.GetBytes("Jörg Müller"), address.Name);
    }

    static string Show(byte[]? value) => value is null ? "NIL" : Encoding.UTF8.GetString(value);
}
