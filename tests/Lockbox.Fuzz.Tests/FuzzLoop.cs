// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Security.Cryptography;

namespace Lockbox.Fuzz.Tests;

/// <summary>
/// The in-process fuzzing loop (docs/decisions/0033): every seed first, then seeded mutations of the corpus until the
/// time is up. An input whose outcome label is new joins the corpus. Each input must finish within
/// the target's <see cref="FuzzTarget.InputTimeLimit"/> (on every replay, see <see cref="IsSlowOnEveryReplay"/>) and allocate at most <see cref="AllocationLimit"/> plus 64 bytes per input byte; a
/// finding is written to the findings directory and thrown as <see cref="FuzzFindingException"/>.
/// </summary>
public sealed class FuzzLoop(FuzzTarget target, int seed, int maxLength)
{
    /// <summary>How many replays a slow input must also be slow on to count as a finding.</summary>
    const int SlowReplays = 2;

    /// <summary>The fixed part of the allocation bound for one input.</summary>
    public const long AllocationLimit = 256L << 20;

    /// <summary>The in-memory corpus stops growing here, which bounds the loop's own memory.</summary>
    public const int MaxCorpus = 4096;

    byte[] _current = [];

    /// <summary>The input being executed now: what a watchdog reports when the loop hangs.</summary>
    public byte[] Current => Volatile.Read(ref _current);

    /// <summary>How long past its duration the loop may take before a watchdog calls it hung: a slow input and its replays.</summary>
    public TimeSpan HangAllowance => target.InputTimeLimit * (2 + SlowReplays);

    /// <summary>Replays <paramref name="seeds"/>, then mutates for <paramref name="duration"/>.</summary>
    public FuzzStats Run(IReadOnlyList<byte[]> seeds, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var corpus = new List<byte[]>();
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        long executions = 0;
        foreach (var input in seeds)
        {
            if (outcomes.Add(ExecuteChecked(input)) || corpus.Count == 0)
            {
                corpus.Add(input);
            }

            executions++;
        }

        corpus.AddRange(seeds.Except(corpus));
        var random = new Random(seed);
        var mutator = new Mutator(random, target.Dictionary, maxLength);
        while (clock.Elapsed < duration && corpus.Count > 0)
        {
            var input = mutator.Mutate(corpus[random.Next(corpus.Count)], corpus[random.Next(corpus.Count)]);
            if (outcomes.Add(ExecuteChecked(input)) && corpus.Count < MaxCorpus)
            {
                corpus.Add(input);
            }

            executions++;
        }

        return new FuzzStats(target.Name, executions, clock.Elapsed, seeds.Count, corpus.Count, outcomes.Count, seed);
    }

    /// <summary>Runs one input under the oracle and the time and allocation bounds.</summary>
    public string ExecuteChecked(byte[] input)
    {
        Volatile.Write(ref _current, input);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        string outcome;
        try
        {
            outcome = target.Execute(input);
        }
        catch (Exception e) when (e is not FuzzFindingException)
        {
            throw Finding(input, $"{e.GetType().Name}: {e.Message}", e);
        }

        if (clock.Elapsed > target.InputTimeLimit && IsSlowOnEveryReplay(input))
        {
            throw Finding(input, $"took {clock.Elapsed.TotalSeconds:F1} s, and as long on {SlowReplays} replays", null);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (allocated > AllocationLimit + 64L * input.Length)
        {
            throw Finding(input, $"allocated {allocated >> 20} MiB for {input.Length} bytes", null);
        }

        return outcome;
    }

    /// <summary>
    /// On a shared machine one slow run is often the scheduler, not the input (the first 10-minute run reported a
    /// 1.7 KB key and an 83-byte LMTP session that replay in milliseconds): a time finding must reproduce.
    /// </summary>
    bool IsSlowOnEveryReplay(byte[] input)
    {
        for (var replay = 0; replay < SlowReplays; replay++)
        {
            var clock = Stopwatch.StartNew();
            target.Execute(input);
            if (clock.Elapsed <= target.InputTimeLimit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Saves <paramref name="input"/> under the findings directory and describes it.</summary>
    public FuzzFindingException Finding(byte[] input, string what, Exception? inner)
    {
        var directory = Environment.GetEnvironmentVariable("LOCKBOX_FUZZ_FINDINGS")
            ?? Path.Combine(Path.GetTempPath(), "lockbox-fuzz-findings");
        var path = Path.Combine(directory, target.Name, Convert.ToHexStringLower(SHA256.HashData(input))[..16]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, input);
        var shown = input.Length <= 512 ? $" base64 {Convert.ToBase64String(input)}" : "";
        return new FuzzFindingException($"{target.Name}: {what}; input ({input.Length} bytes) saved to {path}{shown}", inner);
    }
}
