// SPDX-License-Identifier: MIT
using Lockbox.Vault.Reading;
using MimeKit;

namespace Lockbox.Vault.Tests.Reading;

public sealed class PartFileNameTests
{
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

        Assert.Equal(expected, PartFileName.Of(part, 2));
    }
}
