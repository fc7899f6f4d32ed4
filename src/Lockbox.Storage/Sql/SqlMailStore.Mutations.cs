// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>
/// Changes to stored messages: flags (with RFC 7162 MODSEQ), expunge, copy and move. Each runs in one
/// write transaction; every change raises the mailbox's HIGHESTMODSEQ, so a session that remembers
/// it can tell whether anything changed.
/// </summary>
public abstract partial class SqlMailStore
{
    public Task<FlagUpdateResult> UpdateFlagsAsync(
        long mailboxId, IReadOnlyList<long> uids, FlagOperation operation, SystemFlags flags, IReadOnlyList<string> keywords, long? unchangedSince,
        CancellationToken cancellationToken) =>
        WriteAsync("change flags", async (connection, transaction) =>
        {
            var rows = new List<(long Id, MessageFlags Before)>();
            await using (var select = Command(connection, "", transaction))
            {
                select.CommandText = $"""
                    SELECT id, uid, modseq, flags, keywords FROM messages
                    WHERE mailbox_id = @mailbox AND uid {IdIn(select, "@uids", uids)} ORDER BY uid;
                    """;
                select.Add("@mailbox", mailboxId);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetInt64(0), new MessageFlags(
                        reader.GetInt64(1), reader.GetInt64(2), (SystemFlags)reader.GetInt64(3), KeywordList.Parse(reader.GetString(4)))));
                }
            }

            var failed = new List<long>();
            var kept = new List<(long Id, MessageFlags Before, MessageFlags After)>();
            foreach (var (id, before) in rows)
            {
                // RFC 7162 section 3.1.3: a message changed after UNCHANGEDSINCE is left alone and reported.
                if (unchangedSince is { } since && before.ModSeq > since)
                {
                    failed.Add(before.Uid);
                    continue;
                }

                var after = before with
                {
                    Flags = operation switch
                    {
                        FlagOperation.Replace => flags,
                        FlagOperation.Add => before.Flags | flags,
                        _ => before.Flags & ~flags,
                    },
                    Keywords = KeywordList.Apply(before.Keywords, operation, keywords),
                };
                kept.Add((id, before, after));
            }

            var changed = kept.Where(k => k.After.Flags != k.Before.Flags || !KeywordList.SameSet(k.After.Keywords, k.Before.Keywords)).ToList();
            // One MODSEQ for the whole operation: the messages changed together. A message whose flags
            // stay as they were keeps its MODSEQ, so a CONDSTORE client sees no change that is not one.
            var highest = changed.Count == 0
                ? await ReadHighestModSeqAsync(connection, transaction, mailboxId, cancellationToken)
                : await BumpModSeqAsync(connection, transaction, mailboxId, cancellationToken);
            await using (var update = Command(connection, "UPDATE messages SET flags = @flags, keywords = @keywords, modseq = @modseq WHERE id = @id;", transaction))
            {
                update.Add("@flags", DbType.Int64);
                update.Add("@keywords", DbType.String);
                update.Add("@modseq", DbType.Int64);
                update.Add("@id", DbType.Int64);
                foreach (var (id, _, after) in changed)
                {
                    update.Parameters["@flags"].Value = (long)after.Flags;
                    update.Parameters["@keywords"].Value = KeywordList.Format(after.Keywords);
                    update.Parameters["@modseq"].Value = highest;
                    update.Parameters["@id"].Value = id;
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            var changedIds = changed.Select(c => c.Id).ToHashSet();
            var result = kept.Select(k => changedIds.Contains(k.Id) ? k.After with { ModSeq = highest } : k.After).ToList();
            return new FlagUpdateResult(result, failed, highest);
        }, cancellationToken);

    public Task<ExpungeResult> ExpungeAsync(long mailboxId, IReadOnlyList<long>? uids, CancellationToken cancellationToken) =>
        WriteAsync("expunge", async (connection, transaction) =>
        {
            // RFC 3501 section 6.4.3 and RFC 4315 section 2.1: only messages with \Deleted, within the set if one is given.
            var removed = new List<(long Uid, string BlobId, bool IsEncrypted)>();
            await using (var delete = Command(connection, "", transaction))
            {
                delete.CommandText = $"""
                    DELETE FROM messages WHERE mailbox_id = @mailbox AND (flags & {(int)SystemFlags.Deleted}) != 0
                    {(uids is null ? "" : $"AND uid {IdIn(delete, "@uids", uids)}")}
                    RETURNING uid, blob_id, is_encrypted;
                    """;
                delete.Add("@mailbox", mailboxId);

                await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    removed.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) == 1));
                }
            }

            if (removed.Count == 0)
            {
                return new ExpungeResult([], [], await ReadHighestModSeqAsync(connection, transaction, mailboxId, cancellationToken));
            }

            var highest = await BumpModSeqAsync(connection, transaction, mailboxId, cancellationToken);
            var orphans = await FindOrphansAsync(connection, transaction, removed.Select(r => (r.BlobId, r.IsEncrypted)), cancellationToken);
            return new ExpungeResult([.. removed.Select(r => r.Uid).Order()], orphans, highest);
        }, cancellationToken);

    public Task<CopyResult> CopyMessagesAsync(long sourceMailboxId, IReadOnlyList<long> uids, long targetMailboxId, bool move, CancellationToken cancellationToken) =>
        WriteAsync(move ? "move messages" : "copy messages", async (connection, transaction) =>
        {
            await using (var owners = Command(connection, "SELECT count(DISTINCT user_id), count(*) FROM mailboxes WHERE id IN (@source, @target);", transaction))
            {
                owners.Add("@source", sourceMailboxId);
                owners.Add("@target", targetMailboxId);
                await using var reader = await owners.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                // Ciphertext is reused as it is, so it may only move between mailboxes of one user (issue 4).
                var sameMailbox = sourceMailboxId == targetMailboxId;
                if (reader.GetInt64(0) != 1 || reader.GetInt64(1) != (sameMailbox ? 1 : 2))
                {
                    throw new StoreConflictException("source and target must be mailboxes of one user");
                }
            }

            var pairs = new List<(long Source, long Target)>();
            await using (var copy = Command(connection, "", transaction))
            {
                copy.CommandText = $"""
                    SELECT id, uid FROM messages
                    WHERE mailbox_id = @source AND uid {IdIn(copy, "@uids", uids)} ORDER BY uid;
                    """;
                copy.Add("@source", sourceMailboxId);
                var rows = new List<(long Id, long Uid)>();
                await using (var reader = await copy.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        rows.Add((reader.GetInt64(0), reader.GetInt64(1)));
                    }
                }

                await using var insert = Command(connection, """
                    INSERT INTO messages (mailbox_id, uid, modseq, flags, internal_date, stored_size, blob_id, is_encrypted, metadata, metadata_form, keywords)
                    SELECT @target, @uid, @modseq, flags, internal_date, stored_size, blob_id, is_encrypted, metadata, metadata_form, keywords
                    FROM messages WHERE id = @id
                    RETURNING id;
                    """, transaction);
                // The search document goes with the message (docs/decisions/0009), so the copy is searchable at once.
                await using var copyDocument = Command(connection, CopySearchDocumentSql, transaction);
                copyDocument.Add("@from", DbType.Int64);
                copyDocument.Add("@to", DbType.Int64);
                foreach (var name in (string[])["@target", "@uid", "@modseq", "@id"])
                {
                    insert.Add(name, DbType.Int64);
                }

                foreach (var (id, uid) in rows)
                {
                    // RFC 3501 section 6.4.7: the copy keeps flags and internal date, and gets a new UID in the target.
                    var (targetUid, modSeq) = await AllocateUidAsync(connection, transaction, targetMailboxId, cancellationToken);
                    insert.Parameters["@target"].Value = targetMailboxId;
                    insert.Parameters["@uid"].Value = targetUid;
                    insert.Parameters["@modseq"].Value = modSeq;
                    insert.Parameters["@id"].Value = id;
                    copyDocument.Parameters["@to"].Value = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
                    copyDocument.Parameters["@from"].Value = id;
                    await copyDocument.ExecuteNonQueryAsync(cancellationToken);
                    pairs.Add((uid, targetUid));
                }
            }

            if (move && pairs.Count > 0)
            {
                // RFC 6851 section 3.3: the originals go in the same transaction, so a crash leaves one copy, never two or none.
                await using var delete = Command(connection, "", transaction);
                delete.CommandText = $"DELETE FROM messages WHERE mailbox_id = @source AND uid {IdIn(delete, "@uids", pairs.Select(p => p.Source))};";
                delete.Add("@source", sourceMailboxId);
                await delete.ExecuteNonQueryAsync(cancellationToken);
                await BumpModSeqAsync(connection, transaction, sourceMailboxId, cancellationToken);
            }

            long uidValidity, targetHighest;
            await using (var target = Command(connection, "SELECT uid_validity, highest_modseq FROM mailboxes WHERE id = @target;", transaction))
            {
                // A PostgreSQL connection runs one command at a time: the reader closes before the next read.
                target.Add("@target", targetMailboxId);
                await using var targetReader = await target.ExecuteReaderAsync(cancellationToken);
                await targetReader.ReadAsync(cancellationToken);
                (uidValidity, targetHighest) = (targetReader.GetInt64(0), targetReader.GetInt64(1));
            }

            var sourceHighest = await ReadHighestModSeqAsync(connection, transaction, sourceMailboxId, cancellationToken);
            return new CopyResult(pairs, uidValidity, sourceHighest, targetHighest);
        }, cancellationToken);

    static async Task<(long Uid, long ModSeq)> AllocateUidAsync(DbConnection connection, DbTransaction transaction, long mailboxId, CancellationToken cancellationToken)
    {
        await using var allocate = Command(connection, """
            UPDATE mailboxes SET uid_next = uid_next + 1, highest_modseq = highest_modseq + 1
            WHERE id = @mailbox RETURNING uid_next - 1, highest_modseq;
            """, transaction);
        allocate.Add("@mailbox", mailboxId);
        await using var reader = await allocate.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    static async Task<long> BumpModSeqAsync(DbConnection connection, DbTransaction transaction, long mailboxId, CancellationToken cancellationToken)
    {
        await using var bump = Command(connection, "UPDATE mailboxes SET highest_modseq = highest_modseq + 1 WHERE id = @mailbox RETURNING highest_modseq;", transaction);
        bump.Add("@mailbox", mailboxId);
        return await bump.ExecuteScalarAsync(cancellationToken) is long value ? value : 0;
    }

    static async Task<long> ReadHighestModSeqAsync(DbConnection connection, DbTransaction transaction, long mailboxId, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, "SELECT highest_modseq FROM mailboxes WHERE id = @mailbox;", transaction);
        read.Add("@mailbox", mailboxId);
        return await read.ExecuteScalarAsync(cancellationToken) is long value ? value : 0;
    }

    /// <summary>The blobs among <paramref name="blobs"/> that no row references after the deletion; those stored inline go now.</summary>
    static async Task<IReadOnlyList<OrphanBlob>> FindOrphansAsync(
        DbConnection connection, DbTransaction transaction, IEnumerable<(string BlobId, bool IsEncrypted)> blobs, CancellationToken cancellationToken)
    {
        var orphans = new List<OrphanBlob>();
        await using var referenced = Command(connection, "SELECT EXISTS (SELECT 1 FROM messages WHERE blob_id = @blob);", transaction);
        referenced.Add("@blob", DbType.String);
        foreach (var (blobId, isEncrypted) in blobs.DistinctBy(b => b.BlobId))
        {
            referenced.Parameters["@blob"].Value = blobId;
            if (!IsTrue(await referenced.ExecuteScalarAsync(cancellationToken)))
            {
                orphans.Add(new OrphanBlob(blobId, isEncrypted));
            }
        }

        await DeleteInlineBlobsAsync(connection, transaction, orphans.Select(o => o.BlobId), cancellationToken);
        return orphans;
    }
}
