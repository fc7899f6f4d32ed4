// SPDX-License-Identifier: MIT
using System.Text.RegularExpressions;
using Lockbox.Cli;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary><c>user add</c> and <c>user list</c>.</summary>
public sealed partial class UserAddTests
{
    [Fact]
    public async Task Add_with_and_without_encrypt_and_list_shows_encryption_and_fingerprint()
    {
        using var data = new CliDataDirectory();
        var alice = CliAssert.Succeeds(await data.RunAsync("alice password\n", "user", "add", "alice@example.org", "--password-stdin", "--encrypt")).Stdout;
        var bob = CliAssert.Succeeds(await data.RunAsync("bob password\n", "user", "add", "bob@example.org", "--password-stdin")).Stdout;

        var aliceLine = EncryptedLine().Match(alice);
        Assert.True(aliceLine.Success, alice);
        Assert.Equal("bob@example.org\tnone\t-\t-\t-\tstored 0\t-\n", bob);
        var list = CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, list.Length);
        Assert.Contains(alice.TrimEnd('\n'), list);
        Assert.Contains("bob@example.org\tnone\t-\t-\t-\tstored 0\t-", list);
    }

    [Fact]
    public async Task Add_without_password_stdin_exits_2_with_one_line_and_creates_nobody()
    {
        using var data = new CliDataDirectory();

        var line = CliAssert.FailsWithOneLine(await data.RunAsync("a password\n", "user", "add", "alice@example.org", "--encrypt"), ExitCodes.BadInput);

        Assert.Contains("--password-stdin", line, StringComparison.Ordinal);
        Assert.Equal("", CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout);
    }

    [Fact]
    public async Task Add_with_an_empty_password_exits_2_with_one_line()
    {
        using var data = new CliDataDirectory();

        CliAssert.FailsWithOneLine(await data.RunAsync("\n", "user", "add", "alice@example.org", "--password-stdin"), ExitCodes.BadInput);
    }

    [Fact]
    public async Task Adding_a_taken_address_in_another_case_fails_with_one_line_and_keeps_the_first_user()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "first password", encrypt: false);

        var line = CliAssert.FailsWithOneLine(
            await data.RunAsync("second password\n", "user", "add", "Alice@Example.org", "--password-stdin", "--encrypt"), ExitCodes.Rejected);

        Assert.Contains("already exists", line, StringComparison.Ordinal);
        Assert.Equal("alice@example.org\tnone\t-\t-\t-\tstored 0\t-\n", CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout);
    }

    [Fact]
    public async Task Adding_a_malformed_address_fails_with_one_line()
    {
        using var data = new CliDataDirectory();

        CliAssert.FailsWithOneLine(await data.RunAsync("a password\n", "user", "add", "no-at-sign", "--password-stdin"), ExitCodes.Rejected);
    }

    // A v4 fingerprint is 40 hex digits, a v6 one 64 (RFC 9580 section 5.5.4).
    [GeneratedRegex(@"^alice@example\.org\tencrypted\t([0-9A-F]{40}|[0-9A-F]{64})\t\S+\t-\tstored 0\t-\n$")]
    private static partial Regex EncryptedLine();
}
