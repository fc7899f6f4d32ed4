// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

public sealed class ModifiedUtf7Tests
{
    [Theory]
    // RFC 3501 section 5.1.3's example: "~peter/mail/台北/日本語".
    [InlineData("~peter/mail/&U,BTFw-/&ZeVnLIqe-", "~peter/mail/\u53F0\u5317/\u65E5\u672C\u8A9E")]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Tom &- Jerry", "Tom & Jerry")]
    [InlineData("&AOk-t&AOk-", "\u00E9t\u00E9")]
    [InlineData("Entw&APw-rfe", "Entw\u00FCrfe")]
    [InlineData("&2D3eAA-", "\U0001F600")]
    [InlineData("", "")]
    public void Encoded_and_decoded_names_round_trip(string encoded, string decoded)
    {
        Assert.Equal(encoded, ModifiedUtf7.Encode(decoded));
        Assert.True(ModifiedUtf7.TryDecode(encoded, out var name));
        Assert.Equal(decoded, name);
    }

    [Theory]
    [InlineData("&U,BTFw")] // no terminating "-"
    [InlineData("&AGE-")] // encodes printable ASCII "a"
    [InlineData("&U,A-&U,A-")] // adjacent encoded runs must be merged
    [InlineData("&U/BTFw-")] // "/" is not in the modified base64 alphabet
    [InlineData("&U,BTF-")] // odd byte count
    [InlineData("&2D0-")] // lone high surrogate
    [InlineData("caf\u00E9")] // raw 8-bit character
    [InlineData("a\tb")] // control character
    [InlineData("&U,BTFx-")] // non-zero padding bits
    public void Invalid_names_do_not_decode(string encoded)
    {
        Assert.False(ModifiedUtf7.TryDecode(encoded, out _));
    }

    [Fact]
    public void Unpaired_surrogate_cannot_be_encoded()
    {
        Assert.Throws<ArgumentException>(() => ModifiedUtf7.Encode("a\uD800b"));
    }
}
