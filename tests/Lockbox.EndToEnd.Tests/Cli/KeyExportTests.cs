// SPDX-License-Identifier: MIT
using Lockbox.Cli;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary><c>key export</c>: the public key to anyone with the data directory; the secret key only with the password.</summary>
public sealed class KeyExportTests
{
    [Fact]
    public async Task The_public_key_goes_to_stdout_and_gpg_imports_it_with_the_listed_fingerprint()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: true);
        var fingerprint = CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout.Split('\t')[2];

        var armored = CliAssert.Succeeds(await data.RunAsync(null, "key", "export", "alice@example.org")).Stdout;

        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----", armored, StringComparison.Ordinal);
        using var gpg = new GpgHome();
        await gpg.ImportAsync(armored);
        var listing = await gpg.RunAsync(null, "--with-colons", "--list-keys", "alice@example.org");
        Assert.Contains($"fpr:::::::::{fingerprint}:", listing.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secret_key_with_the_right_password_goes_to_a_file_readable_by_the_owner_only()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: true);
        var file = data.Scratch("alice.sec.asc");

        var result = CliAssert.Succeeds(await data.RunAsync("alice password\n", "key", "export", "alice@example.org", "--secret", "--password-stdin", "--out", file));

        Assert.Equal("", result.Stdout);
        Assert.StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Secret_export_without_password_stdin_is_refused_with_exit_2()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: true);

        var result = await data.RunAsync("alice password\n", "key", "export", "alice@example.org", "--secret");

        CliAssert.FailsWithOneLine(result, ExitCodes.BadInput);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_exit_1_and_no_key_material()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: true);

        var result = await data.RunAsync("not the password\n", "key", "export", "alice@example.org", "--secret", "--password-stdin");

        CliAssert.FailsWithOneLine(result, ExitCodes.Rejected);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_user_without_a_key_has_no_public_key_to_export()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("bob@example.org", "bob password", encrypt: false);

        CliAssert.FailsWithOneLine(await data.RunAsync(null, "key", "export", "bob@example.org"), ExitCodes.Rejected);
    }
}
