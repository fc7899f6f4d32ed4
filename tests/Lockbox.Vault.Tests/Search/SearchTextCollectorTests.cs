// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Metadata;
using Lockbox.Vault.Search;

namespace Lockbox.Vault.Tests.Search;

public sealed class SearchTextCollectorTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Body_text_beyond_the_limit_is_not_kept()
    {
        var message = "Subject: long\r\n\r\n" + new string('a', 100) + "needle\r\n";
        var text = new SearchTextCollector(limit: 50);

        await MetadataReader.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(message)), text, Ct);

        Assert.Equal(new string('a', 50), text.Text);
    }

    [Fact]
    public async Task Text_parts_are_joined_decoded_and_folded_and_other_parts_left_out()
    {
        const string message = """
            Content-Type: multipart/mixed; boundary=x

            --x
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: base64

            w4lDT0xF
            --x
            Content-Type: image/png
            Content-Transfer-Encoding: base64

            aW1hZ2VieXRlcw==
            --x
            Content-Type: text/html

            <div>Line<br>Two</div><style>p { color: red }</style>
            --x--
            """;
        var text = new SearchTextCollector(SearchTextCollector.DefaultLimit);

        await MetadataReader.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(message.Replace("\n", "\r\n", StringComparison.Ordinal))), text, Ct);

        Assert.Equal("école\n\nline\ntwo\n", text.Text);
    }
}
