// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>Re-wrapping a user's stored session keys to a new key (docs/decisions/0020). No schema change: progress is the blobs themselves.</summary>
public abstract partial class SqlMailStore
{
    const string EncryptedOfUser = """
        FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.user_id = @user AND m.is_encrypted = 1
        """;

    public Task<IReadOnlyList<MessageRecord>> ListEncryptedMessagesAsync(long userId, string? afterBlobId, int blobLimit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<MessageRecord>>("list encrypted messages", async connection =>
        {
            // Whole blobs: every row sharing a blob (COPY reuses it) moves to the re-wrapped copy at once.
            await using var command = Command(connection, $"""
                SELECT {MessageColumns} FROM messages
                WHERE blob_id IN (SELECT DISTINCT m.blob_id {EncryptedOfUser} AND m.blob_id > @after ORDER BY m.blob_id LIMIT @limit)
                ORDER BY blob_id, id;
                """);
            command.Add("@user", userId);
            command.Add("@after", afterBlobId ?? "");
            command.Add("@limit", blobLimit);
            return await ReadMessagesAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<long> CountEncryptedMessagesAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync("count encrypted messages", async connection =>
        {
            await using var command = Command(connection, $"SELECT count(*) {EncryptedOfUser};");
            command.Add("@user", userId);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public Task<BlobSwapResult> RewrapBlobAsync(KeyRewrap rewrap, CancellationToken cancellationToken) =>
        WriteAsync("switch messages to their re-wrapped copy", async (connection, transaction) =>
        {
            var switched = 0;
            if (rewrap.NewBlobId is { } newBlobId)
            {
                await using var update = Command(connection, """
                    UPDATE messages SET blob_id = @new, stored_size = @size WHERE blob_id = @old AND is_encrypted = 1 RETURNING mailbox_id;
                    """, transaction);
                update.Add("@new", newBlobId);
                update.Add("@old", rewrap.OldBlobId);
                update.Add("@size", rewrap.StoredSize);
                var mailboxes = new HashSet<long>();
                await using (var reader = await update.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        mailboxes.Add(reader.GetInt64(0));
                        switched++;
                    }
                }

                // As for the opt-in's swap: sessions keep a mailbox's rows (with their blob IDs) exactly as long as it does not
                // change (docs/decisions/0014), so the mailbox changes; no message's own MODSEQ does.
                foreach (var mailbox in mailboxes)
                {
                    await BumpModSeqAsync(connection, transaction, mailbox, cancellationToken);
                }
            }

            await ReplaceRecordsAsync(connection, transaction, rewrap.Records, cancellationToken);
            await using var referenced = Command(connection, "SELECT EXISTS (SELECT 1 FROM messages WHERE blob_id = @old);", transaction);
            referenced.Add("@old", rewrap.OldBlobId);
            var stillUsed = IsTrue(await referenced.ExecuteScalarAsync(cancellationToken));
            if (!stillUsed)
            {
                await DeleteInlineBlobsAsync(connection, transaction, [rewrap.OldBlobId], cancellationToken);
            }

            return new BlobSwapResult(switched, !stillUsed);
        }, cancellationToken);

    /// <summary>Each record replaced only if its row still holds the old bytes in public-key form (a login may have re-sealed it).</summary>
    static async Task ReplaceRecordsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<RewrappedRecords> records, CancellationToken cancellationToken)
    {
        await using var metadata = Command(connection, """
            UPDATE messages SET metadata = @new WHERE id = @id AND metadata_form = 1 AND metadata = @old;
            """, transaction);
        await using var document = Command(connection, """
            UPDATE search_documents SET document = @new WHERE message_id = @id AND form = 1 AND document = @old;
            """, transaction);
        foreach (var command in new[] { metadata, document })
        {
            command.Add("@id", DbType.Int64);
            command.Add("@old", DbType.Binary);
            command.Add("@new", DbType.Binary);
        }

        foreach (var record in records)
        {
            foreach (var (command, pair) in new[] { (metadata, record.Metadata), (document, record.SearchDocument) })
            {
                if (pair is not { } change)
                {
                    continue;
                }

                command.Parameters["@id"].Value = record.MessageId;
                command.Parameters["@old"].Value = change.Old;
                command.Parameters["@new"].Value = change.New;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    public Task<bool> ReplaceMailboxKeyAsync(long userId, byte[] expected, byte[] wrapped, CancellationToken cancellationToken) =>
        WriteAsync("replace the mailbox key", async (connection, transaction) =>
        {
            await using var update = Command(connection, "UPDATE mailbox_keys SET wrapped = @wrapped WHERE user_id = @user AND wrapped = @expected;", transaction);
            update.Add("@user", userId);
            update.Add("@expected", expected);
            update.Add("@wrapped", wrapped);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
}
