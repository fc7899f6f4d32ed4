// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Lockbox.Migration;

/// <summary>
/// Copies every data table of a Lockbox SQLite database into a PostgreSQL schema at the same schema version, table by
/// table in foreign-key order, batch by batch in primary-key order, keeping every ID (rows name each other by ID), then
/// compares both ends (docs/decisions/0030). Running it again after an interruption continues after the last committed
/// batch.
/// </summary>
internal sealed class SqliteToPostgresMigration(SqliteSource source, PostgresTarget target, int batchSize)
{
    IReadOnlyList<TableShape>? _tables;

    /// <summary>The data tables in copy order; refuses when source and target differ in any table, column or key.</summary>
    public async Task<IReadOnlyList<TableShape>> CheckShapesAsync(CancellationToken cancellationToken)
    {
        var tables = await target.ReadShapesAsync(cancellationToken);
        await source.CheckShapesAsync(tables, cancellationToken);
        return _tables = tables;
    }

    /// <summary>Copies what is not yet copied; refuses a target that holds rows of its own.</summary>
    public async Task<CopySummary> CopyAsync(IProgress<CopyProgress>? progress, CancellationToken cancellationToken)
    {
        var tables = _tables ?? await CheckShapesAsync(cancellationToken);
        if (!await target.IsMigrationInProgressAsync(cancellationToken))
        {
            await target.BeginAsync(tables, cancellationToken);
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            counts[table.Name] = await source.CountAsync(table, cancellationToken);
        }

        var total = counts.Values.Sum();
        var done = 0L;
        var copiedNow = 0L;
        var clock = Stopwatch.StartNew();
        foreach (var table in tables)
        {
            var (copied, complete) = await target.GetProgressAsync(table, cancellationToken);
            done += copied;
            progress?.Report(new CopyProgress(table.Name, done, total));
            if (complete)
            {
                continue;
            }

            // Resume after the last committed row: batches commit whole, so the target's last key is where it stopped.
            var after = await target.GetLastKeyAsync(table, cancellationToken);
            var keyOrdinals = table.KeyOrdinals;
            while (true)
            {
                var rows = await source.ReadBatchAsync(table, after, batchSize, cancellationToken);
                var last = rows.Count < batchSize;
                copied += rows.Count;
                await target.WriteBatchAsync(table, rows, copied, last, cancellationToken);
                done += rows.Count;
                copiedNow += rows.Count;
                progress?.Report(new CopyProgress(table.Name, done, total));
                if (last)
                {
                    break;
                }

                after = [.. keyOrdinals.Select(i => rows[^1][i]!)];
            }
        }

        await target.MoveSequencesAsync(tables, cancellationToken);
        return new CopySummary(total, copiedNow, clock.Elapsed);
    }

    /// <summary>Row counts and checksums of every table on both ends.</summary>
    public async Task<IReadOnlyList<TableVerdict>> VerifyAsync(CancellationToken cancellationToken)
    {
        var verdicts = new List<TableVerdict>();
        foreach (var table in _tables ?? await CheckShapesAsync(cancellationToken))
        {
            var (sourceRows, sourceSum) = await source.ChecksumAsync(table, cancellationToken);
            var (targetRows, targetSum) = await target.ChecksumAsync(table, cancellationToken);
            verdicts.Add(new TableVerdict(table.Name, sourceRows, targetRows, sourceSum == targetSum));
        }

        return verdicts;
    }

    /// <summary>
    /// The blobs the target's message rows name that are missing from <paramref name="blobDirectory"/> or have another
    /// size than the row records (file blobs stay files: docs/decisions/0026; inline ones were copied with the tables, and
    /// only their size is compared).
    /// </summary>
    public async Task<(int Checked, int Missing, int WrongSize)> CheckBlobsAsync(string blobDirectory, CancellationToken cancellationToken)
    {
        var (missing, wrongSize) = (0, 0);
        var blobs = await target.ListBlobsAsync(cancellationToken);
        foreach (var (blobId, size, inlineSize) in blobs)
        {
            if (inlineSize is { } stored)
            {
                wrongSize += stored == size ? 0 : 1;
                continue;
            }

            var file = new FileInfo(Path.Combine(blobDirectory, blobId[..Math.Min(2, blobId.Length)], blobId));
            if (!file.Exists)
            {
                missing++;
            }
            else if (file.Length != size)
            {
                wrongSize++;
            }
        }

        return (blobs.Count, missing, wrongSize);
    }
}
