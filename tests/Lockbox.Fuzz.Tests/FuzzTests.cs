// SPDX-License-Identifier: MIT
using System.Globalization;

using Lockbox.Fuzz.Tests.Targets;

namespace Lockbox.Fuzz.Tests;

/// <summary>
/// The fuzz run (docs/decisions/0033): each target replays its committed regressions, then its seed corpus, then
/// mutates for LOCKBOX_FUZZ_SECONDS (default 12, about a minute for all four in CI) with LOCKBOX_FUZZ_SEED (default
/// 1, so CI is repeatable; the long run picks others).
/// </summary>
public sealed class FuzzTests
{
    /// <summary>The targets by corpus folder name.</summary>
    public static TheoryData<string> Targets { get; } = ["imap", "lmtp", "metadata", "keys"];

    static FuzzTarget Create(string name) => name switch
    {
        "imap" => new ImapReceiverTarget(),
        "lmtp" => new LmtpSessionTarget(),
        "metadata" => new MetadataTarget(),
        "keys" => new KeyImportTarget(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such fuzz target"),
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_committed_regression_input_passes_the_oracle(string name)
    {
        var loop = new FuzzLoop(Create(name), seed: 0, maxLength: 0);
        foreach (var file in FuzzCorpus.Regressions(name))
        {
            loop.ExecuteChecked(File.ReadAllBytes(file));
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Mutated_inputs_neither_crash_hang_nor_overrun_a_target(string name)
    {
        var seeds = FuzzCorpus.Seeds(name).Select(File.ReadAllBytes).ToList();
        Assert.NotEmpty(seeds);
        var seconds = int.Parse(Environment.GetEnvironmentVariable("LOCKBOX_FUZZ_SECONDS") ?? "12", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("LOCKBOX_FUZZ_SEED") ?? "1", CultureInfo.InvariantCulture);
        var loop = new FuzzLoop(Create(name), seed, maxLength: Math.Max(64 * 1024, seeds.Max(s => s.Length) * 2));
        var run = Task.Run(() => loop.Run(seeds, TimeSpan.FromSeconds(seconds)), TestContext.Current.CancellationToken);
        // The watchdog: a hung input never returns, so the loop's time bound cannot catch it; this reports it instead.
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(seconds) + loop.HangAllowance, TestContext.Current.CancellationToken));
        if (finished != run)
        {
            throw loop.Finding(loop.Current, "hung", null);
        }

        var stats = await run;
        TestContext.Current.TestOutputHelper?.WriteLine(stats.ToString());
        var statsFile = Environment.GetEnvironmentVariable("LOCKBOX_FUZZ_STATS");
        if (statsFile is not null)
        {
            await File.AppendAllTextAsync(statsFile, stats + Environment.NewLine, TestContext.Current.CancellationToken);
        }
    }
}
