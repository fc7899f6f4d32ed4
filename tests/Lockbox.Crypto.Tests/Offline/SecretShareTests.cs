// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Offline;

namespace Lockbox.Crypto.Tests.Offline;

public sealed class SecretShareTests
{
    readonly IReadOnlyList<SecretShare> _shares = Shamir.Split(RandomNumberGenerator.GetBytes(200), 3, 5);

    [Fact]
    public void Text_form_has_the_documented_shape()
    {
        var lines = _shares[1].ToArmored().Split('\n');

        Assert.Equal("-----BEGIN LOCKBOX MASTER KEY SHARE-----", lines[0]);
        Assert.Equal($"Set: {_shares[1].SetId}", lines[1]);
        Assert.Matches("^Set: [0-9A-F]{32}$", lines[1]);
        Assert.Equal("Share: 2 of 5", lines[2]);
        Assert.Equal("Threshold: 3", lines[3]);
        Assert.Equal("", lines[4]);
        Assert.All(lines[5..^3], l => Assert.InRange(l.Length, 1, 64));
        Assert.Matches("^Checksum: [0-9A-F]{16}$", lines[^3]);
        Assert.Equal("-----END LOCKBOX MASTER KEY SHARE-----", lines[^2]);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void Text_round_trips_even_with_crlf_and_surrounding_text()
    {
        var text = "Share for officer Bob, keep in the safe.\r\n\r\n" + _shares[2].ToArmored().Replace("\n", "\r\n", StringComparison.Ordinal) + "signed, Alice\r\n";

        var parsed = SecretShare.Parse(text);

        Assert.Equal(_shares[2].SetId, parsed.SetId);
        Assert.Equal(3, parsed.Index);
        Assert.Equal(5, parsed.ShareCount);
        Assert.Equal(3, parsed.Threshold);
        Assert.Equal(_shares[2].Value, parsed.Value);
    }

    [Fact]
    public void Parsed_shares_combine()
    {
        var parsed = _shares.Skip(2).Select(s => SecretShare.Parse(s.ToArmored())).ToList();

        Assert.Equal(Shamir.Combine(_shares), Shamir.Combine(parsed));
    }

    [Fact]
    public void A_typo_in_the_body_is_caught_by_the_checksum()
    {
        var lines = _shares[0].ToArmored().Split('\n');
        var body = lines[5].ToCharArray();
        body[10] = body[10] == 'A' ? 'B' : 'A';
        lines[5] = new string(body);

        var error = Assert.Throws<ShareException>(() => SecretShare.Parse(string.Join('\n', lines)));

        Assert.Equal($"share 1 of set {_shares[0].SetId}: checksum mismatch, the share was mistyped or damaged", error.Message);
    }

    [Theory]
    [InlineData("Share: 1 of 5", "Share: 2 of 5")]
    [InlineData("Threshold: 3", "Threshold: 2")]
    public void A_typo_in_a_header_is_caught_by_the_checksum(string original, string typo)
    {
        var text = _shares[0].ToArmored().Replace(original, typo, StringComparison.Ordinal);

        var error = Assert.Throws<ShareException>(() => SecretShare.Parse(text));

        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-----BEGIN LOCKBOX MASTER KEY SHARE-----", "", "not a Lockbox master key share")]
    [InlineData("-----END LOCKBOX MASTER KEY SHARE-----", "", "the share is cut short")]
    [InlineData("Threshold: 3\n", "", "the share has no \"Threshold:\" line")]
    [InlineData("Share: 1 of 5", "Share: 6 of 5", "is out of range")]
    [InlineData("Share: 1 of 5", "Share: one of 5", "invalid number")]
    [InlineData("Checksum:", "Sum:", "has no Checksum line")]
    public void Malformed_share_text_fails_with_a_specific_message(string original, string replacement, string expected)
    {
        var text = _shares[0].ToArmored().Replace(original, replacement, StringComparison.Ordinal);

        var error = Assert.Throws<ShareException>(() => SecretShare.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
