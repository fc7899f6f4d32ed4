// SPDX-License-Identifier: MIT
using System.Data;

namespace Lockbox.Storage.Sql;

/// <summary>Turning encryption on for a cleartext user and migrating their mail (schema v8, docs/decisions/0017).</summary>
public abstract partial class SqlMailStore
{
    const string CleartextOfUser = """
        FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.user_id = @user AND m.is_encrypted = 0
        """;

    public Task<EncryptionMigrationRecord> StartEncryptionAsync(
        long userId, NewUserKey key, string auditEvent, string auditDetail, CancellationToken cancellationToken) =>
        WriteAsync("turn encryption on", async (connection, transaction) =>
        {
            // The password verifier goes: from now on the key checks the password (an encrypted user with a
            // verifier would be in two-password mode, Accounts.TwoPasswordMode).
            await using var user = Command(connection, """
                UPDATE users SET encryption = 1, password_verifier = NULL, credential_version = credential_version + 1
                WHERE id = @user AND encryption = 0 RETURNING address;
                """, transaction);
            user.Add("@user", userId);
            var address = await user.ExecuteScalarAsync(cancellationToken) as string
                ?? throw new StoreConflictException($"user {userId} does not exist or is not a cleartext user");
            await InsertKeyAsync(connection, transaction, userId, key, cancellationToken);

            await using var job = Command(connection, $"""
                INSERT INTO encryption_migrations (user_id, phase, total, started_utc, finished_utc)
                SELECT @user, 0, count(*), @now, NULL {CleartextOfUser}
                ON CONFLICT (user_id) DO UPDATE SET phase = 0, total = excluded.total, started_utc = excluded.started_utc, finished_utc = NULL
                RETURNING total, started_utc;
                """, transaction);
            job.Add("@user", userId);
            job.Add("@now", UnixSeconds(DateTime.UtcNow));
            long total, started;
            await using (var reader = await job.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                (total, started) = (reader.GetInt64(0), reader.GetInt64(1));
            }

            // The consent commits with the key and the state: there is no encrypted user without its record.
            await AppendAuditAsync(connection, transaction, address, auditEvent, auditDetail, cancellationToken);
            return new EncryptionMigrationRecord(userId, EncryptionMigrationPhase.Messages, total, total, FromUnixSeconds(started), null);
        }, cancellationToken);

    public Task<EncryptionMigrationRecord?> GetEncryptionMigrationAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync("read the encryption migration", async connection =>
        {
            await using var command = Command(connection, $"""
                SELECT phase, total, started_utc, finished_utc, (SELECT count(*) {CleartextOfUser})
                FROM encryption_migrations WHERE user_id = @user;
                """);
            command.Add("@user", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new EncryptionMigrationRecord(userId, (EncryptionMigrationPhase)reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(4),
                    FromUnixSeconds(reader.GetInt64(2)), reader.IsDBNull(3) ? null : FromUnixSeconds(reader.GetInt64(3)))
                : null;
        }, cancellationToken);

    public Task SetEncryptionMigrationPhaseAsync(long userId, EncryptionMigrationPhase phase, CancellationToken cancellationToken) =>
        WriteAsync("record the encryption migration's phase", async (connection, transaction) =>
        {
            await using var command = Command(connection, """
                UPDATE encryption_migrations SET phase = @phase, finished_utc = CASE WHEN @phase = 2 THEN @now END WHERE user_id = @user;
                """, transaction);
            command.Add("@user", userId);
            command.Add("@phase", (long)phase);
            command.Add("@now", UnixSeconds(DateTime.UtcNow));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<MessageRecord>> ListCleartextMessagesAsync(long userId, int blobLimit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<MessageRecord>>("list cleartext messages", async connection =>
        {
            // Whole blobs: every row sharing a blob (COPY reuses it) moves to the encrypted copy at once.
            await using var command = Command(connection, $"""
                SELECT {MessageColumns} FROM messages
                WHERE is_encrypted = 0 AND mailbox_id IN (SELECT id FROM mailboxes WHERE user_id = @user)
                  AND blob_id IN (SELECT DISTINCT m.blob_id {CleartextOfUser} ORDER BY m.blob_id LIMIT @limit)
                ORDER BY blob_id, id;
                """);
            command.Add("@user", userId);
            command.Add("@limit", blobLimit);
            return await ReadMessagesAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<BlobSwapResult> SwapBlobAsync(BlobSwap swap, CancellationToken cancellationToken) =>
        WriteAsync("switch a message to its encrypted copy", async (connection, transaction) =>
        {
            await using var update = Command(connection, """
                UPDATE messages SET blob_id = @new, stored_size = @size, is_encrypted = 1, metadata = @metadata, metadata_form = 1
                WHERE id = @id AND blob_id = @old AND is_encrypted = 0 RETURNING mailbox_id;
                """, transaction);
            update.Add("@new", swap.NewBlobId);
            update.Add("@old", swap.OldBlobId);
            update.Add("@size", swap.StoredSize);
            update.Add("@metadata", DbType.Binary);
            update.Add("@id", DbType.Int64);
            // A search may have stored a cleartext document since the rows were read: the sealed one (or none) replaces it.
            await using var drop = Command(connection, "DELETE FROM search_documents WHERE message_id = @id;", transaction);
            drop.Add("@id", DbType.Int64);
            await using var insert = Command(connection, "INSERT INTO search_documents (message_id, form, document) VALUES (@id, 1, @document);", transaction);
            insert.Add("@id", DbType.Int64);
            insert.Add("@document", DbType.Binary);
            var mailboxes = new HashSet<long>();
            var switched = 0;
            foreach (var message in swap.Messages)
            {
                update.Parameters["@id"].Value = message.MessageId;
                update.Parameters["@metadata"].Value = message.Metadata;
                if (await update.ExecuteScalarAsync(cancellationToken) is not long mailbox)
                {
                    // Expunged (or moved to another blob) meanwhile.
                    continue;
                }

                mailboxes.Add(mailbox);
                switched++;
                drop.Parameters["@id"].Value = message.MessageId;
                await drop.ExecuteNonQueryAsync(cancellationToken);
                if (message.SearchDocument is { } document)
                {
                    insert.Parameters["@id"].Value = message.MessageId;
                    insert.Parameters["@document"].Value = document;
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            // UIDs, flags, dates and each message's MODSEQ stay; HIGHESTMODSEQ rises, because sessions keep a mailbox's
            // rows (with their blob IDs) exactly as long as it does not change (docs/decisions/0014).
            foreach (var mailbox in mailboxes)
            {
                await BumpModSeqAsync(connection, transaction, mailbox, cancellationToken);
            }

            await using var referenced = Command(connection, "SELECT EXISTS (SELECT 1 FROM messages WHERE blob_id = @old);", transaction);
            referenced.Add("@old", swap.OldBlobId);
            var stillUsed = IsTrue(await referenced.ExecuteScalarAsync(cancellationToken));
            if (!stillUsed)
            {
                await DeleteInlineBlobsAsync(connection, transaction, [swap.OldBlobId], cancellationToken);
            }

            return new BlobSwapResult(switched, !stillUsed);
        }, cancellationToken);
}
