// SPDX-License-Identifier: MIT
using Lockbox.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Lockbox.Storage.Sqlite;

/// <summary>
/// Inserts message index rows (and their search documents) on the group-commit writer's connection. The statements are
/// prepared once for the connection's life and rebound for each row, so rows parse no SQL: <see cref="Enlist"/> puts them
/// in each batch's write transaction.
/// </summary>
internal sealed class MessageRowWriter : IAsyncDisposable
{
    readonly SqliteCommand _allocate;
    readonly SqliteCommand _insert;
    readonly SqliteCommand _search;
    readonly SqliteCommand _journal;
    readonly SqliteCommand _inline;

    public MessageRowWriter(SqliteConnection connection)
    {
        // UID and MODSEQ come from the mailbox row inside the write transaction, so concurrent
        // appends serialise on it and UIDs strictly ascend (RFC 3501 section 2.3.1.1). A cleartext row is refused once
        // the owner has encryption on (IMailStore.AppendMessageAsync).
        _allocate = connection.CreateCommand();
        _allocate.CommandText = """
            UPDATE mailboxes SET uid_next = uid_next + 1, highest_modseq = highest_modseq + 1
            WHERE id = $mailbox AND ($encrypted = 1 OR (SELECT encryption FROM users WHERE users.id = mailboxes.user_id) = 0)
            RETURNING uid_next - 1, highest_modseq;
            """;
        _allocate.Parameters.Add("$mailbox", SqliteType.Integer);
        _allocate.Parameters.Add("$encrypted", SqliteType.Integer);

        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO messages (mailbox_id, uid, modseq, flags, internal_date, stored_size, blob_id, is_encrypted, metadata, metadata_form)
            VALUES ($mailbox, $uid, $modseq, $flags, $date, $size, $blob, $encrypted, $metadata, $form) RETURNING id;
            """;
        foreach (var name in (string[])["$mailbox", "$uid", "$modseq", "$flags", "$date", "$size", "$encrypted", "$form"])
        {
            _insert.Parameters.Add(name, SqliteType.Integer);
        }

        _insert.Parameters.Add("$blob", SqliteType.Text);
        _insert.Parameters.Add("$metadata", SqliteType.Blob);

        _search = connection.CreateCommand();
        _search.CommandText = "INSERT INTO search_documents (message_id, form, document) VALUES ($id, $form, $document);";
        _search.Parameters.Add("$id", SqliteType.Integer);
        _search.Parameters.Add("$form", SqliteType.Integer);
        _search.Parameters.Add("$document", SqliteType.Blob);

        _journal = connection.CreateCommand();
        _journal.CommandText = "INSERT INTO import_journal (user_id, key) SELECT user_id, $key FROM mailboxes WHERE id = $mailbox;";
        _journal.Parameters.Add("$mailbox", SqliteType.Integer);
        _journal.Parameters.Add("$key", SqliteType.Blob);

        _inline = connection.CreateCommand();
        _inline.CommandText = "INSERT INTO inline_blobs (blob_id, content) VALUES ($blob, $content);";
        _inline.Parameters.Add("$blob", SqliteType.Text);
        _inline.Parameters.Add("$content", SqliteType.Blob);
    }

    /// <summary>Runs the statements inside <paramref name="transaction"/> (the batch's) from now on.</summary>
    public void Enlist(SqliteTransaction transaction)
    {
        _allocate.Transaction = transaction;
        _insert.Transaction = transaction;
        _search.Transaction = transaction;
        _journal.Transaction = transaction;
        _inline.Transaction = transaction;
    }

    /// <exception cref="StoreConflictException">The mailbox does not exist.</exception>
    /// <exception cref="StoreUnavailableException">A cleartext message for a user with encryption on: nothing was written.</exception>
    /// <exception cref="SqliteException">The engine failed; the transaction must not commit.</exception>
    public async Task<MessageRecord> InsertAsync(long mailboxId, NewMessage message)
    {
        _allocate.Parameters["$mailbox"].Value = mailboxId;
        _allocate.Parameters["$encrypted"].Value = message.IsEncrypted ? 1 : 0;
        long uid, modSeq;
        await using (var reader = await _allocate.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
            {
                throw SqlMailStore.AppendRefused(mailboxId, message);
            }

            (uid, modSeq) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        var internalDate = SqlMailStore.UnixSeconds(message.InternalDate);
        var parameters = _insert.Parameters;
        parameters["$mailbox"].Value = mailboxId;
        parameters["$uid"].Value = uid;
        parameters["$modseq"].Value = modSeq;
        parameters["$flags"].Value = (int)message.Flags;
        parameters["$date"].Value = internalDate;
        parameters["$size"].Value = message.StoredSize;
        parameters["$blob"].Value = message.BlobId;
        parameters["$encrypted"].Value = message.IsEncrypted ? 1 : 0;
        parameters["$metadata"].Value = message.Metadata;
        var form = message.MetadataForm ?? (message.IsEncrypted ? MetadataForm.PublicKey : MetadataForm.Clear);
        parameters["$form"].Value = (int)form;
        var id = (long)(await _insert.ExecuteScalarAsync())!;
        if (message.SearchDocument is { } document)
        {
            // Same form as the metadata record: both are sealed to the same key at delivery.
            _search.Parameters["$id"].Value = id;
            _search.Parameters["$form"].Value = message.IsEncrypted ? (int)MetadataForm.PublicKey : (int)MetadataForm.Clear;
            _search.Parameters["$document"].Value = document;
            await _search.ExecuteNonQueryAsync();
        }

        if (message.InlineContent is { } content)
        {
            _inline.Parameters["$blob"].Value = message.BlobId;
            _inline.Parameters["$content"].Value = content;
            await _inline.ExecuteNonQueryAsync();
        }

        if (message.ImportKey is { } key)
        {
            _journal.Parameters["$mailbox"].Value = mailboxId;
            _journal.Parameters["$key"].Value = key;
            await _journal.ExecuteNonQueryAsync();
        }

        return new MessageRecord(id, mailboxId, uid, modSeq, message.Flags, SqlMailStore.FromUnixSeconds(internalDate),
            message.StoredSize, message.BlobId, message.IsEncrypted, message.Metadata, form);
    }

    public async ValueTask DisposeAsync()
    {
        await _allocate.DisposeAsync();
        await _insert.DisposeAsync();
        await _search.DisposeAsync();
        await _journal.DisposeAsync();
        await _inline.DisposeAsync();
    }
}
