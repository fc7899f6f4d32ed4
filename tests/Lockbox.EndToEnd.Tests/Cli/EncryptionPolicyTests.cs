// SPDX-License-Identifier: MIT
using Lockbox.Cli;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 5, item 1: <c>Encryption:Mode</c> = optional | default | required, set through the environment
/// as an administrator would, for <c>user add</c>, LMTP delivery and the LDA.
/// </summary>
public sealed class EncryptionPolicyTests
{
    [Fact]
    public async Task Default_mode_gives_a_new_user_a_key_unless_cleartext_is_asked_for()
    {
        using var data = new CliDataDirectory();

        var alice = CliAssert.Succeeds(await data.RunInModeAsync("default", "alice password\n", "user", "add", "alice@example.org", "--password-stdin")).Stdout;
        var bob = CliAssert.Succeeds(await data.RunInModeAsync("default", "bob password\n", "user", "add", "bob@example.org", "--password-stdin", "--cleartext")).Stdout;

        Assert.StartsWith("alice@example.org\tencrypted\t", alice, StringComparison.Ordinal);
        Assert.Equal("bob@example.org\tnone\t-\t-\t-\tstored 0\t-\n", bob);
    }

    [Fact]
    public async Task Required_mode_refuses_a_cleartext_user_with_a_line_that_names_the_rule()
    {
        using var data = new CliDataDirectory();

        var line = CliAssert.FailsWithOneLine(
            await data.RunInModeAsync("required", "alice password\n", "user", "add", "alice@example.org", "--password-stdin", "--cleartext"), ExitCodes.Rejected);

        Assert.Contains("Encryption:Mode is required", line, StringComparison.Ordinal);
        Assert.Contains("alice@example.org", line, StringComparison.Ordinal);
        Assert.Equal("", CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout);
    }

    [Fact]
    public async Task Encrypt_and_cleartext_together_are_a_usage_error()
    {
        using var data = new CliDataDirectory();

        var result = await data.RunAsync("alice password\n", "user", "add", "alice@example.org", "--password-stdin", "--encrypt", "--cleartext");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("exclude each other", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_mode_defers_mail_for_a_user_without_a_key_over_LMTP_and_the_LDA_and_stores_nothing()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("bob@example.org", "bob password", encrypt: false);
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: true);

        await using (var server = await LockboxServer.StartAsync(data.Path, CliDataDirectory.EncryptionMode("required")))
        {
            await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
            Assert.Equal(250, (await lmtp.CommandAsync("MAIL FROM:<sender@example.net>")).Code);
            var bob = await lmtp.CommandAsync("RCPT TO:<bob@example.org>");
            var alice = await lmtp.CommandAsync("RCPT TO:<alice@example.org>");

            Assert.Equal(450, bob.Code);
            Assert.Contains("4.7.0", bob.Text, StringComparison.Ordinal);
            Assert.Equal(250, alice.Code);
            const string Logged = "Deferred mail for bob@example.org: Encryption:Mode is required";
            Assert.Contains(Logged, await server.WaitForLogAsync(Logged), StringComparison.Ordinal);
        }

        var lda = CliAssert.FailsWithOneLine(
            await data.RunInModeAsync("required", CliDataDirectory.Message("deferred"), "deliver", "--to", "bob@example.org"), ExitCodes.TemporaryFailure);
        Assert.Contains("encryption is required", lda, StringComparison.Ordinal);
        Assert.Equal(0, data.Inspector.CountRows("messages"));
        Assert.Empty(data.Inspector.StoredBlobs());
    }
}
