// SPDX-License-Identifier: MIT
using Lockbox.Cli;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary><c>user passwd</c>: old and new password on stdin; the key is re-protected, mail is kept.</summary>
public sealed class UserPasswdTests
{
    [Fact]
    public async Task After_a_change_only_the_new_password_exports_the_key_and_earlier_mail_still_decrypts_with_gpg()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "old password", encrypt: true);
        var message = CliDataDirectory.Message("before-the-change");
        await data.DeliverAsync("alice@example.org", message);
        var listed = CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout;

        Assert.Equal("password changed for alice@example.org\n",
            CliAssert.Succeeds(await data.RunAsync("old password\nnew password\n", "user", "passwd", "alice@example.org")).Stdout);

        CliAssert.FailsWithOneLine(
            await data.RunAsync("old password\n", "key", "export", "alice@example.org", "--secret", "--password-stdin"), ExitCodes.Rejected);
        var plaintexts = await data.ExportAndDecryptAsync("alice@example.org", "new password");
        Assert.EndsWith(message, Assert.Single(plaintexts), StringComparison.Ordinal);
        // Same key, new protection: the fingerprint does not change.
        Assert.Equal(listed, CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout);
    }

    [Fact]
    public async Task A_wrong_old_password_fails_with_one_line_and_changes_nothing()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "right password", encrypt: true);
        var before = data.Inspector.ProtectedSecretKeys("alice@example.org");

        var line = CliAssert.FailsWithOneLine(
            await data.RunAsync("wrong password\nnew password\n", "user", "passwd", "alice@example.org"), ExitCodes.Rejected);

        Assert.Contains("wrong", line, StringComparison.Ordinal);
        Assert.Equal(before, data.Inspector.ProtectedSecretKeys("alice@example.org"));
        CliAssert.Succeeds(await data.RunAsync("right password\n", "key", "export", "alice@example.org", "--secret", "--password-stdin"));
    }

    [Fact]
    public async Task A_user_without_encryption_changes_password_with_the_old_one_only()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("bob@example.org", "first", encrypt: false);

        CliAssert.FailsWithOneLine(await data.RunAsync("second\nthird\n", "user", "passwd", "bob@example.org"), ExitCodes.Rejected);
        CliAssert.Succeeds(await data.RunAsync("first\nsecond\n", "user", "passwd", "bob@example.org"));

        // The new password is now the old one: a second change proves it was stored.
        CliAssert.FailsWithOneLine(await data.RunAsync("first\nthird\n", "user", "passwd", "bob@example.org"), ExitCodes.Rejected);
        CliAssert.Succeeds(await data.RunAsync("second\nthird\n", "user", "passwd", "bob@example.org"));
    }

    [Fact]
    public async Task A_missing_new_password_line_exits_2_with_one_line()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("bob@example.org", "first", encrypt: false);

        CliAssert.FailsWithOneLine(await data.RunAsync("first\n", "user", "passwd", "bob@example.org"), ExitCodes.BadInput);
    }

    [Fact]
    public async Task Changing_the_password_of_an_unknown_user_fails_with_one_line()
    {
        using var data = new CliDataDirectory();

        CliAssert.FailsWithOneLine(await data.RunAsync("a\nb\n", "user", "passwd", "nobody@example.org"), ExitCodes.Rejected);
    }
}
