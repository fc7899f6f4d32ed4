// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;

namespace Lockbox.Load.Bench;

/// <summary>Latency samples by command kind, from every connection at once.</summary>
public sealed class Latencies
{
    readonly ConcurrentDictionary<string, List<double>> _samples = new(StringComparer.Ordinal);

    public void Add(string kind, TimeSpan elapsed)
    {
        var list = _samples.GetOrAdd(kind, _ => []);
        lock (list)
        {
            list.Add(elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Each kind's count, p50 and p99 in milliseconds, in the order of <paramref name="kinds"/> then the others by name.</summary>
    public IReadOnlyList<LatencySummary> Summarise(IReadOnlyList<string> kinds)
    {
        var order = kinds.Concat(_samples.Keys.Except(kinds).Order(StringComparer.Ordinal));
        var summaries = new List<LatencySummary>();
        foreach (var kind in order)
        {
            if (!_samples.TryGetValue(kind, out var list))
            {
                continue;
            }

            double[] sorted;
            lock (list)
            {
                sorted = [.. list];
            }

            Array.Sort(sorted);
            summaries.Add(new LatencySummary(kind, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99)));
        }

        return summaries;
    }

    // Nearest rank: the smallest sample with at least p of all samples at or below it.
    static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
