// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Recovery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lockbox.Hosting;

/// <summary>
/// Repeats the startup check's blob part every <see cref="StoreOptions.SweepInterval"/> while <c>lockbox serve</c> runs
/// (docs/decisions/0038): a blob whose row was never committed (a failed removal, another node's crash, an opt-in
/// interrupted between its swap and its delete, which can be cleartext) no longer waits for this node's next restart.
/// On PostgreSQL one node at a time sweeps the shared blob directory; the others skip that round.
/// </summary>
internal sealed class LeftoverSweeper(StartupCheck check, IOptions<StoreOptions> store, ILogger<LeftoverSweeper> logger, TimeProvider time)
    : BackgroundService
{
    /// <summary>The advisory lock of the sweep ("LBSW"), apart from the opt-in's per-user keys ("LBEN" | user id).</summary>
    const long SweepLockKey = 0x4C42535700000000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // In range: serve does not start with an interval StoreOptions.Create refuses.
        var interval = store.Value.SweepInterval;
        if (interval == TimeSpan.Zero)
        {
            return;
        }

        // The startup check has just run, so the first sweep waits one interval.
        var nodeLocks = store.Value.CreateNodeLocks();
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepOnceAsync(nodeLocks, stoppingToken);
            }
            catch (Exception e) when (e is StoreUnavailableException or IOException or UnauthorizedAccessException)
            {
                // A failed BackgroundService would stop the host; the next round tries again.
                Log.SweepFailed(logger, e);
            }
        }
    }

    async Task SweepOnceAsync(INodeLocks? nodeLocks, CancellationToken cancellationToken)
    {
        await using var turn = nodeLocks is null ? null : await nodeLocks.TryAcquireAsync(SweepLockKey, cancellationToken);
        if (nodeLocks is not null && turn is null)
        {
            Log.SweepSkipped(logger);
            return;
        }

        var report = await check.SweepAsync(cancellationToken);
        if (report.TempFilesRemoved + report.OrphanBlobsRemoved > 0)
        {
            Log.LeftoversSwept(logger, report.TempFilesRemoved, report.OrphanBlobsRemoved, StoreOptions.InFlightGrace);
        }
        else
        {
            Log.NothingToSweep(logger);
        }
    }
}
