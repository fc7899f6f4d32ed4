// SPDX-License-Identifier: MIT
using Lockbox.Web.Rendering;

namespace Lockbox.Web.Tests.Rendering;

public sealed class DownloadNameTests
{
    [Fact]
    public void A_non_ASCII_name_gets_an_RFC_8187_filename_star_and_an_ASCII_fallback()
    {
        var header = DownloadName.ContentDisposition("Bericht für März.pdf", inline: false);

        Assert.Equal("attachment; filename=\"Bericht f_r M_rz.pdf\"; filename*=UTF-8''Bericht%20f%C3%BCr%20M%C3%A4rz.pdf", header);
    }
}
