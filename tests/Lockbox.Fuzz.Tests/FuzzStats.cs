// SPDX-License-Identifier: MIT
namespace Lockbox.Fuzz.Tests;

/// <summary>What one run did: executions, their rate, the corpus before and after, and the distinct outcome labels.</summary>
public sealed record FuzzStats(string Target, long Executions, TimeSpan Elapsed, int SeedCorpus, int FinalCorpus, int Outcomes, int Seed)
{
    /// <summary>Executions per second over the whole run.</summary>
    public double ExecutionsPerSecond => Executions / Math.Max(Elapsed.TotalSeconds, 0.001);

    /// <summary>One line for the test output and the decision record.</summary>
    public override string ToString() =>
        $"{Target}: {Executions} execs in {Elapsed.TotalSeconds:F0} s ({ExecutionsPerSecond:F0}/s), corpus {SeedCorpus} -> {FinalCorpus}, {Outcomes} outcomes, seed {Seed}";
}
