// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;

namespace Lockbox.Storage;

/// <summary>The store's instruments on the meter <c>Lockbox.Storage</c> (docs/decisions/0032): queue depths only.</summary>
public static class StorageMetrics
{
    /// <summary>The meter name the host subscribes to.</summary>
    public const string MeterName = "Lockbox.Storage";

    static readonly Meter s_meter = new(MeterName);
    static int s_appendQueue;

    static readonly ObservableGauge<int> s_appendQueueGauge = s_meter.CreateObservableGauge(
        "lockbox.store.append.queue", () => Volatile.Read(ref s_appendQueue), unit: "{row}", description: "Message rows waiting for SQLite's group commit");

    internal static void AppendQueued() => Interlocked.Increment(ref s_appendQueue);

    internal static void AppendTaken() => Interlocked.Decrement(ref s_appendQueue);
}
