// SPDX-License-Identifier: MIT
using System.Text.RegularExpressions;
using Lockbox.Cli;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>Issue 5, "audit verify detects an edited entry and a deleted entry": the hash-chained audit log through the CLI.</summary>
public sealed partial class AuditTests
{
    const string Address = "bob@example.org";

    [Fact]
    public async Task Credential_changes_are_listed_for_the_user_and_the_chain_holds()
    {
        using var data = await WithThreeEntriesAsync();

        var shown = CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", Address)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var verified = CliAssert.Succeeds(await data.RunAsync(null, "audit", "verify")).Stdout;

        Assert.Equal(3, shown.Length);
        Assert.All(shown, line => Assert.Matches(@"^\d\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\tpassword-changed\t", line));
        Assert.Matches(Holds(), verified);
        Assert.Equal("", CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", "nobody@example.org")).Stdout);
    }

    [Fact]
    public async Task An_edited_entry_breaks_the_chain_at_that_entry()
    {
        using var data = await WithThreeEntriesAsync();

        data.Inspector.Tamper("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 2");

        var line = CliAssert.FailsWithOneLine(await data.RunAsync(null, "audit", "verify"), ExitCodes.Rejected);
        Assert.Contains("entry 2 was changed after it was written", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_entry_is_found_in_the_middle_and_at_the_end_against_a_recorded_head()
    {
        using var data = await WithThreeEntriesAsync();
        var head = Holds().Match(CliAssert.Succeeds(await data.RunAsync(null, "audit", "verify")).Stdout).Groups["head"].Value;

        data.Inspector.Tamper("DELETE FROM audit_log WHERE seq = 3");
        var cut = CliAssert.FailsWithOneLine(await data.RunAsync(null, "audit", "verify", "--expect-head", head), ExitCodes.Rejected);
        data.Inspector.Tamper("DELETE FROM audit_log WHERE seq = 1");
        var middle = CliAssert.FailsWithOneLine(await data.RunAsync(null, "audit", "verify"), ExitCodes.Rejected);

        Assert.Contains($"the recorded head {head} is no longer in the log", cut, StringComparison.Ordinal);
        Assert.Contains("entry 1 is missing", middle, StringComparison.Ordinal);
    }

    /// <summary>Three password changes of a user without a key: three entries, each costing two Argon2 runs only.</summary>
    static async Task<CliDataDirectory> WithThreeEntriesAsync()
    {
        var data = new CliDataDirectory();
        await data.AddUserAsync(Address, "p0", encrypt: false);
        for (var i = 0; i < 3; i++)
        {
            CliAssert.Succeeds(await data.RunAsync($"p{i}\np{i + 1}\n", "user", "passwd", Address));
        }

        return data;
    }

    [GeneratedRegex(@"^audit log holds: 3 entries, head (?<head>[0-9A-F]{64})\n$")]
    private static partial Regex Holds();
}
