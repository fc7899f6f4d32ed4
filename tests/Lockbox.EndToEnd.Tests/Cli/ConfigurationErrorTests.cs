// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// A setting whose value cannot be read as its type (DESIGN.md section 5: bad input gets one line and a non-zero exit,
/// never a stack trace): <c>serve</c> and the verbs name the value and the setting, and exit 2, whichever service first
/// reads it; the LDA exits 75, so that the MTA keeps the message until the setting is mended.
/// </summary>
public sealed class ConfigurationErrorTests
{
    [Theory]
    [InlineData("LOCKBOX__Quota__StorageLimit", "10G", "Quota:StorageLimit")]
    [InlineData("LOCKBOX__Lmtp__MaxMessageSize", "lots", "Lmtp:MaxMessageSize")]
    public async Task Serve_names_the_setting_and_exits_2(string variable, string value, string setting)
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "configuration error password", encrypt: false);
        var environment = new Dictionary<string, string> { [variable] = value, ["LOCKBOX__Precompile"] = "false" };

        var result = await LockboxCli.RunAsync(
            (string?)null, environment, "serve", "--data", data.Path, "--lmtp", "127.0.0.1:0", "--imap", "127.0.0.1:0", "--imaps", "127.0.0.1:0", "--web", "127.0.0.1:0");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal(
            $"lockbox: configuration: Failed to convert configuration value '{value}' at '{setting}' to type 'System.Int64'.",
            result.Stderr.Split('\n').Last(l => l.Length > 0));
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lda_names_the_setting_and_exits_75_so_that_the_mta_keeps_the_message()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "configuration error password", encrypt: false);

        var result = await LockboxCli.RunAsync(
            CliDataDirectory.Message("configuration"), new Dictionary<string, string> { ["LOCKBOX__Quota__StorageLimit"] = "10G" },
            "deliver", "--to", "alice@example.org", "--data", data.Path);

        Assert.True(result.ExitCode == 75, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains("lockbox: configuration: Failed to convert configuration value '10G' at 'Quota:StorageLimit'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
    }
}
