// SPDX-License-Identifier: MIT
using System.Data;
using Lockbox.Storage.Sql;
using Npgsql;

namespace Lockbox.Storage.Postgres;

/// <summary>Message appends: UID and MODSEQ allocation across nodes (docs/decisions/0026).</summary>
public sealed partial class PostgresMailStore
{
    /// <summary>
    /// Allocates the UID and MODSEQ from the mailbox row and inserts the message row in one statement. The UPDATE takes the
    /// mailbox row's lock until COMMIT: a concurrent append to the same mailbox, on any node, waits for it and then reads
    /// the committed counters (READ COMMITTED re-reads the row it waited for), so no UID is given twice, and the rows of
    /// one mailbox commit in UID order, so a client never sees UID n+1 before UID n (RFC 3501 section 2.3.1.1).
    /// </summary>
    const string InsertMessageSql = $"""
        WITH allocated AS ({AllocateUid} {AllocatedUid})
        {InsertAllocated}
        """;

    /// <summary>
    /// <see cref="InsertMessageSql"/> for a cleartext message: it also holds the owner's row FOR SHARE, and inserts nothing
    /// once the owner has encryption on. The opt-in's <c>UPDATE users SET encryption</c> waits for every cleartext append in
    /// flight, on any node, and a cleartext append after it finds the new state: so every cleartext row of the user is
    /// committed before the opt-in lists them, and none comes after (docs/decisions/0029). An encrypted message takes no lock
    /// on the user: deliveries do not wait for password changes.
    /// </summary>
    const string InsertCleartextMessageSql = $"""
        WITH owner AS (
            SELECT u.id FROM users u JOIN mailboxes b ON b.user_id = u.id
            WHERE b.id = @mailbox AND u.encryption = 0 FOR SHARE OF u),
        allocated AS ({AllocateUid} AND EXISTS (SELECT 1 FROM owner) {AllocatedUid})
        {InsertAllocated}
        """;

    const string AllocateUid = "UPDATE mailboxes SET uid_next = uid_next + 1, highest_modseq = highest_modseq + 1 WHERE id = @mailbox";

    const string AllocatedUid = "RETURNING uid_next - 1 AS uid, highest_modseq AS modseq";

    const string InsertAllocated = """
        INSERT INTO messages (mailbox_id, uid, modseq, flags, internal_date, stored_size, blob_id, is_encrypted, metadata, metadata_form)
        SELECT @mailbox, uid, modseq, @flags, @date, @size, @blob, @encrypted, @metadata, @form FROM allocated
        RETURNING id, uid, modseq;
        """;

    /// <remarks>
    /// One READ COMMITTED transaction per row, no group-commit writer: PostgreSQL's own group commit shares the WAL flush of
    /// concurrent commits (docs/decisions/0026).
    /// </remarks>
    public override async Task<MessageRecord> AppendMessageAsync(long mailboxId, NewMessage message, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            var internalDate = UnixSeconds(message.InternalDate);
            var form = message.MetadataForm ?? (message.IsEncrypted ? MetadataForm.PublicKey : MetadataForm.Clear);
            await using var insert = Command(connection, message.IsEncrypted ? InsertMessageSql : InsertCleartextMessageSql, transaction);
            insert.Add("@mailbox", mailboxId);
            insert.Add("@flags", (long)message.Flags);
            insert.Add("@date", internalDate);
            insert.Add("@size", message.StoredSize);
            insert.Add("@blob", message.BlobId);
            insert.Add("@encrypted", message.IsEncrypted ? 1L : 0L);
            insert.Add("@metadata", message.Metadata);
            insert.Add("@form", (long)form);
            long id, uid, modSeq;
            await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    throw AppendRefused(mailboxId, message);
                }

                (id, uid, modSeq) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            if (message.SearchDocument is { } document)
            {
                // Same form as the metadata record: both are sealed to the same key at delivery.
                await using var search = Command(connection, "INSERT INTO search_documents (message_id, form, document) VALUES (@id, @form, @document);", transaction);
                search.Add("@id", id);
                search.Add("@form", message.IsEncrypted ? (long)MetadataForm.PublicKey : (long)MetadataForm.Clear);
                search.Add("@document", document);
                await search.ExecuteNonQueryAsync(cancellationToken);
            }

            if (message.InlineContent is { } content)
            {
                await using var inline = Command(connection, "INSERT INTO inline_blobs (blob_id, content) VALUES (@blob, @content);", transaction);
                inline.Add("@blob", message.BlobId);
                inline.Add("@content", content);
                await inline.ExecuteNonQueryAsync(cancellationToken);
            }

            if (message.ImportKey is { } key)
            {
                await using var journal = Command(connection, "INSERT INTO import_journal (user_id, key) SELECT user_id, @key FROM mailboxes WHERE id = @mailbox;", transaction);
                journal.Add("@mailbox", mailboxId);
                journal.Add("@key", key);
                await journal.ExecuteNonQueryAsync(cancellationToken);
            }

            var record = new MessageRecord(id, mailboxId, uid, modSeq, message.Flags, FromUnixSeconds(internalDate),
                message.StoredSize, message.BlobId, message.IsEncrypted, message.Metadata, form);
            try
            {
                // Not cancellable from here: the caller must learn whether the row committed, or it could delete the blob of a
                // row that did (the same rule as the SQLite group commit's).
                await transaction.CommitAsync(CancellationToken.None);
            }
            catch (NpgsqlException e) when (e is not PostgresException)
            {
                // The connection broke after COMMIT was sent: the server may have committed without our hearing it. Ask a
                // fresh connection; a row that is there is stored, and its blob must stay (docs/decisions/0035).
                if (await IsCommittedAsync(message.BlobId) == true)
                {
                    return record;
                }

                throw;
            }

            return record;
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, "store the message");
        }
    }

    /// <summary>Whether a message row with this blob is committed, or null when the database cannot say now.</summary>
    async Task<bool?> IsCommittedAsync(string blobId)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None);
            await using var find = new NpgsqlCommand("SELECT count(*) FROM messages WHERE blob_id = @blob;", connection);
            find.Parameters.AddWithValue("@blob", blobId);
            return (long)(await find.ExecuteScalarAsync(CancellationToken.None))! > 0;
        }
        catch (NpgsqlException)
        {
            // Unknown: the caller rethrows the commit's error (4xx), and the funnel deletes the blob, which leaves a row without
            // its blob if the commit did happen. That needs the database gone between the COMMIT and this check (decision 0035).
            return null;
        }
    }
}
