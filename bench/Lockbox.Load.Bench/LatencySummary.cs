// SPDX-License-Identifier: MIT
namespace Lockbox.Load.Bench;

/// <summary>One command kind's figures: how many completed, and the median and 99th percentile in milliseconds.</summary>
public sealed record LatencySummary(string Kind, int Count, double P50Ms, double P99Ms);
