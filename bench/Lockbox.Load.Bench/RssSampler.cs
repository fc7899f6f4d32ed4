// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Lockbox.Load.Bench;

/// <summary>Samples a process's resident set (VmRSS in /proc/PID/status) every 250 ms and keeps the peak.</summary>
public sealed class RssSampler : IAsyncDisposable
{
    readonly int _processId;
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    long _peakKiB;

    public RssSampler(int processId)
    {
        _processId = processId;
        Read();
        _loop = LoopAsync();
    }

    /// <summary>The highest sample so far, in KiB.</summary>
    public long PeakKiB => Interlocked.Read(ref _peakKiB);

    /// <summary>Reads VmRSS now, in KiB, and counts it towards the peak.</summary>
    public long Read()
    {
        var line = File.ReadLines($"/proc/{_processId}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var peak = Interlocked.Read(ref _peakKiB);
        while (kib > peak && Interlocked.CompareExchange(ref _peakKiB, kib, peak) != peak)
        {
            peak = Interlocked.Read(ref _peakKiB);
        }

        return kib;
    }

    async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Read();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // DisposeAsync ended the sampling.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
