// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// A store that cannot be opened, for a <c>Store</c> setting that cannot work or a database that does not answer, stops
/// <c>serve</c> and the verbs alike: one line on stderr with the reason, exit 75 (EX_TEMPFAIL, so systemd restarts the unit
/// and an LDA's MTA retries), never an unhandled exception.
/// </summary>
public sealed class StoreSettingsTests
{
    public static TheoryData<string, string> UnusableStores => new()
    {
        { "LOCKBOX__Store__BusyTimeout=00:00:00", "Store:BusyTimeout is 00:00:00; it must be at least 00:00:01" },
        { "LOCKBOX__Store__SweepInterval=60.00:00:00", "Store:SweepInterval is 60.00:00:00; it must be from 00:00:00 (never) to 30.00:00:00" },
        { "LOCKBOX__Store__Provider=postgres", "Store:Provider is postgres, but Store:ConnectionString is not set" },
        // Port 9 (discard) refuses on loopback: a PostgreSQL that is down. The password is not in the reason.
        {
            "LOCKBOX__Store__Provider=postgres;LOCKBOX__Store__ConnectionString=Host=127.0.0.1,Port=9,Username=lockbox,Password=not-shown,Timeout=5",
            "PostgreSQL error (connection)"
        },
    };

    [Theory]
    [MemberData(nameof(UnusableStores))]
    public async Task Serve_exits_75_with_the_reason(string settings, string reason)
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "store settings password", encrypt: false);
        var environment = Environment(settings);
        environment["LOCKBOX__Precompile"] = "false";

        var result = await LockboxCli.RunAsync(
            (string?)null, environment, "serve", "--data", data.Path, "--lmtp", "127.0.0.1:0", "--imap", "127.0.0.1:0", "--imaps", "127.0.0.1:0", "--web", "127.0.0.1:0");

        Assert.True(result.ExitCode == 75, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.StartsWith("lockbox: cannot open the store: ", result.Stderr.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not-shown", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnusableStores))]
    public async Task A_verb_exits_75_with_the_reason(string settings, string reason)
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "store settings password", encrypt: false);

        var result = await LockboxCli.RunAsync((string?)null, Environment(settings), "user", "list", "--data", data.Path);

        Assert.True(result.ExitCode == 75, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-shown", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>"VAR=value;VAR=value" as an environment; a connection string's own separators are written as commas.</summary>
    static Dictionary<string, string> Environment(string settings) =>
        settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Replace(',', ';'));
}
