// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault.Recovery;

/// <summary>
/// Runs before the server accepts mail: brings the schema up to date and clears what a crash can
/// leave. The funnel writes the blob durably first and the index row second, so a crash leaves at
/// most temp files and blobs without a row: none of them was ever acknowledged with 250, so both
/// are removed. A row whose blob is missing cannot come from a crash; it is reported, not deleted.
/// </summary>
public sealed class StartupCheck
{
    readonly IMailStore _store;
    readonly FileBlobStore _blobs;
    readonly DeliveryLock _lock;
    readonly ILogger<StartupCheck> _logger;

    internal StartupCheck(IMailStore store, FileBlobStore blobs, string dataDirectory, ILogger<StartupCheck> logger)
    {
        _store = store;
        _blobs = blobs;
        _lock = new DeliveryLock(dataDirectory);
        _logger = logger;
    }

    /// <summary>
    /// How old an unreferenced blob or temp file must be to be removed. Zero with SQLite, where the exclusive
    /// <see cref="DeliveryLock"/> waits for every writer; with PostgreSQL, writers on other nodes share the blob
    /// directory but not the lock file, so only leftovers older than any delivery in progress go (docs/decisions/0029).
    /// </summary>
    internal TimeSpan OrphanGrace { get; init; }

    public async Task<StartupReport> RunAsync(CancellationToken cancellationToken)
    {
        await _store.MigrateAsync(cancellationToken);
        using var exclusive = await _lock.AcquireExclusiveAsync(cancellationToken);
        var temp = await _blobs.RemoveTemporaryFiles(OrphanGrace, cancellationToken);
        var referenced = await _store.ListReferencedFileBlobsAsync(cancellationToken);
        var onDisk = _blobs.ListBlobIds().ToHashSet(StringComparer.Ordinal);
        var cutoff = DateTime.UtcNow - OrphanGrace;
        var orphans = 0;
        foreach (var blob in onDisk.Where(b => !referenced.Contains(b)))
        {
            if (OrphanGrace > TimeSpan.Zero && _blobs.WrittenUtc(blob) >= cutoff)
            {
                continue;
            }

            await _blobs.DeleteAsync(blob, cancellationToken);
            orphans++;
        }

        var missing = referenced.Count(b => !onDisk.Contains(b));
        var report = new StartupReport(temp, orphans, missing);
        if (missing > 0)
        {
            Log.MissingBlobs(_logger, missing);
        }

        if (temp + orphans > 0)
        {
            Log.CrashLeftoversRemoved(_logger, temp, orphans);
        }

        return report;
    }
}
