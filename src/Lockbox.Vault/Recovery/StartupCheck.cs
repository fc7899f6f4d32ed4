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
/// The running server repeats the blob part now and then (<see cref="SweepAsync"/>, docs/decisions/0038).
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

    public async Task<LeftoverReport> RunAsync(CancellationToken cancellationToken)
    {
        await _store.MigrateAsync(cancellationToken);
        using var exclusive = await _lock.AcquireExclusiveAsync(cancellationToken);
        var report = await RemoveLeftoversAsync(OrphanGrace, cancellationToken);
        if (report.TempFilesRemoved + report.OrphanBlobsRemoved > 0)
        {
            Log.CrashLeftoversRemoved(_logger, report.TempFilesRemoved, report.OrphanBlobsRemoved);
        }

        return report;
    }

    /// <summary>
    /// The blob part of the check while the server runs (docs/decisions/0038): temp files and unreferenced blobs older than
    /// <see cref="StoreOptions.InFlightGrace"/> go, so no write in progress on any node is taken, and rows whose blob is
    /// gone are counted and logged. It holds the delivery lock shared, like a delivery, so on this node it never runs
    /// beside a check that holds it exclusively (a CLI job's, whose removals it would race).
    /// </summary>
    public async Task<LeftoverReport> SweepAsync(CancellationToken cancellationToken)
    {
        using var shared = await _lock.AcquireSharedAsync(cancellationToken);
        return await RemoveLeftoversAsync(StoreOptions.InFlightGrace, cancellationToken);
    }

    /// <summary>
    /// Removes temp files and unreferenced blobs not written to for <paramref name="grace"/>, and counts (and logs) index
    /// rows whose blob is gone. Zero only under the exclusive lock, when no writer of this node runs.
    /// </summary>
    async Task<LeftoverReport> RemoveLeftoversAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var temp = await _blobs.RemoveTemporaryFiles(grace, cancellationToken);
        var cutoff = DateTime.UtcNow - grace;
        var (orphans, missing) = (0, 0);
        // One blob directory at a time, with the index's rows of that range: the check holds a 256th of the store's IDs
        // in memory, and no read of the index lasts long (docs/decisions/0038).
        var prefixes = FileBlobStore.Prefixes;
        for (var i = 0; i < prefixes.Count; i++)
        {
            var (first, beyond) = (i == 0 ? null : prefixes[i], i == prefixes.Count - 1 ? null : prefixes[i + 1]);
            // The index first, then the disk: a blob committed in between is younger than any grace that writers need.
            var referenced = await _store.ListReferencedFileBlobsAsync(first, beyond, cancellationToken);
            var onDisk = _blobs.ListBlobIds(prefixes[i]).ToHashSet(StringComparer.Ordinal);
            orphans += await RemoveOrphansAsync(onDisk.Where(b => !referenced.Contains(b)), grace, cutoff, cancellationToken);
            missing += await CountMissingAsync(first, beyond, referenced.Where(b => !onDisk.Contains(b)).ToList(), cancellationToken);
        }

        if (missing > 0)
        {
            Log.MissingBlobs(_logger, missing);
        }

        VaultMetrics.LeftoversChecked(temp, orphans, missing);
        return new LeftoverReport(temp, orphans, missing);
    }

    /// <summary>Deletes the unreferenced blobs last written before <paramref name="cutoff"/> (all of them without a grace); returns how many.</summary>
    async Task<int> RemoveOrphansAsync(IEnumerable<string> unreferenced, TimeSpan grace, DateTime cutoff, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var blob in unreferenced)
        {
            // Under a grace, writers run: a blob may be young, or gone since the listing (its own removal, another node's).
            if (grace > TimeSpan.Zero && (!_blobs.Exists(blob) || _blobs.WrittenUtc(blob) >= cutoff))
            {
                continue;
            }

            try
            {
                await _blobs.DeleteAsync(blob, cancellationToken);
            }
            catch (FileNotFoundException) when (grace > TimeSpan.Zero)
            {
                // Another node's check removed it first (each node runs one at its start and sweeps; decision 0029).
                continue;
            }

            removed++;
        }

        return removed;
    }

    /// <summary>
    /// Of the referenced blobs in the range that the listing did not find, those still referenced and still absent: while
    /// writers run, a message expunged after the index was read has lost its blob with its row, which is no damage.
    /// </summary>
    async Task<int> CountMissingAsync(string? first, string? beyond, List<string> notListed, CancellationToken cancellationToken)
    {
        if (notListed.Count == 0)
        {
            return 0;
        }

        var stillReferenced = await _store.ListReferencedFileBlobsAsync(first, beyond, cancellationToken);
        return notListed.Count(b => stillReferenced.Contains(b) && !_blobs.Exists(b));
    }
}
