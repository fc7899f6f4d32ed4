// SPDX-License-Identifier: MIT
using Lockbox.Web.Rendering;
using MimeKit;

namespace Lockbox.Web.Tests.Rendering;

public sealed class DownloadNameTests
{
    [Fact]
    public void A_non_ASCII_name_gets_an_RFC_8187_filename_star_and_an_ASCII_fallback()
    {
        var header = DownloadName.ContentDisposition("Bericht für März.pdf", inline: false);

        Assert.Equal("attachment; filename=\"Bericht f_r M_rz.pdf\"; filename*=UTF-8''Bericht%20f%C3%BCr%20M%C3%A4rz.pdf", header);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Windows\\evil.exe", "evil.exe")]
    [InlineData("a\r\nX-Injected: 1.txt", "aX-Injected: 1.txt")]
    [InlineData("..", "part-3")]
    [InlineData("", "part-3")]
    public void A_file_name_never_names_a_path_or_breaks_the_header(string name, string expected)
    {
        var part = new MimePart("application", "octet-stream");
        if (name.Length > 0)
        {
            part.FileName = name;
        }

        Assert.Equal(expected, DownloadName.Of(part, 2));
    }
}
