// SPDX-License-Identifier: MIT
using Lockbox.Hosting;

namespace Lockbox.Tests.Hosting;

/// <summary><c>Lmtp:UnixSocketMode</c>: octal permission bits, applied to the socket file; anything else is refused.</summary>
public sealed class UnixSocketModeTests
{
    [Theory]
    [InlineData("0666", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)]
    [InlineData("660", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite)]
    [InlineData(" 0600 ", UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    public void Octal_digits_become_the_permission_bits(string octal, UnixFileMode expected) =>
        Assert.Equal(expected, UnixSocketMode.Parse(octal));

    [Theory]
    [InlineData("rw-rw-rw-")]
    [InlineData("0668")]
    [InlineData("4755")]
    [InlineData("66")]
    [InlineData("-660")]
    public void Anything_but_three_or_four_octal_permission_digits_is_refused(string octal) =>
        Assert.Throws<ArgumentException>(() => UnixSocketMode.Parse(octal));

    [Fact]
    public void Applying_sets_the_mode_and_no_setting_leaves_the_file_alone()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            UnixSocketMode.Apply(path, null);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            UnixSocketMode.Apply(path, "0666");
            Assert.Equal((UnixFileMode)Convert.ToInt32("666", 8), File.GetUnixFileMode(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
