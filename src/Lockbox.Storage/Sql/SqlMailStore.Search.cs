// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>Search documents (docs/decisions/0009).</summary>
public abstract partial class SqlMailStore
{
    /// <summary>
    /// The SQL that copies a search document inside a caller's transaction (@from, @to), for COPY and MOVE
    /// code that copies message rows in one statement batch.
    /// </summary>
    internal const string CopySearchDocumentSql =
        "INSERT INTO search_documents (message_id, form, document) SELECT @to, form, document FROM search_documents WHERE message_id = @from "
        + "ON CONFLICT (message_id) DO UPDATE SET form = excluded.form, document = excluded.document;";

    public Task<IReadOnlyList<MessageRecord>> ListMessageRowsAsync(long mailboxId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<MessageRecord>>("list message rows", async connection =>
        {
            // The columns of ListMessagesAsync, with an empty blob in place of the metadata record.
            await using var command = Command(connection,
                $"SELECT id, mailbox_id, uid, modseq, flags, internal_date, stored_size, blob_id, is_encrypted, {EmptyBinary}, metadata_form, keywords FROM messages WHERE mailbox_id = @mailbox ORDER BY uid;");
            command.Add("@mailbox", mailboxId);
            return await ReadMessagesAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<SearchDocumentRecord>> GetSearchDocumentsAsync(IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SearchDocumentRecord>>("read search documents", async connection =>
        {
            if (messageIds.Count == 0)
            {
                return [];
            }

            await using var command = Command(connection, "");
            command.CommandText = $"SELECT message_id, form, document FROM search_documents WHERE message_id {IdIn(command, "@ids", messageIds)};";
            return await ReadDocumentsAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<SearchDocumentRecord>> ListSearchDocumentsAsync(long mailboxId, MetadataForm form, long afterMessageId, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SearchDocumentRecord>>("list search documents", async connection =>
        {
            await using var command = Command(connection, """
                SELECT s.message_id, s.form, s.document FROM search_documents s JOIN messages m ON m.id = s.message_id
                WHERE m.mailbox_id = @mailbox AND s.form = @form AND s.message_id > @after
                ORDER BY s.message_id LIMIT @limit;
                """);
            command.Add("@mailbox", mailboxId);
            command.Add("@form", (int)form);
            command.Add("@after", afterMessageId);
            command.Add("@limit", limit);
            return await ReadDocumentsAsync(command, cancellationToken);
        }, cancellationToken);

    public Task PutSearchDocumentsAsync(IReadOnlyList<SearchDocumentRecord> documents, CancellationToken cancellationToken) =>
        WriteAsync("store search documents", async (connection, transaction) =>
        {
            // The SELECT ... WHERE EXISTS skips a message expunged since its document was built, and a cleartext document
            // for a message encrypted since (a session of the user from before the opt-in, docs/decisions/0017).
            await using var put = Command(connection, """
                INSERT INTO search_documents (message_id, form, document)
                SELECT @id, @form, @document WHERE EXISTS (SELECT 1 FROM messages WHERE id = @id AND NOT (is_encrypted = 1 AND @form = 0))
                ON CONFLICT (message_id) DO UPDATE SET form = excluded.form, document = excluded.document;
                """, transaction);
            var id = put.Add("@id", DbType.Int64);
            var form = put.Add("@form", DbType.Int64);
            var document = put.Add("@document", DbType.Binary);
            foreach (var item in documents)
            {
                id.Value = item.MessageId;
                form.Value = (int)item.Form;
                document.Value = item.Document;
                await put.ExecuteNonQueryAsync(cancellationToken);
            }

            return documents.Count;
        }, cancellationToken);

    public Task CopySearchDocumentAsync(long fromMessageId, long toMessageId, CancellationToken cancellationToken) =>
        WriteAsync("copy the search document", async (connection, transaction) =>
        {
            await using var copy = Command(connection, CopySearchDocumentSql, transaction);
            copy.Add("@from", fromMessageId);
            copy.Add("@to", toMessageId);
            return await copy.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    static async Task<IReadOnlyList<SearchDocumentRecord>> ReadDocumentsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var documents = new List<SearchDocumentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            documents.Add(new SearchDocumentRecord(reader.GetInt64(0), (MetadataForm)reader.GetInt64(1), (byte[])reader[2]));
        }

        return documents;
    }
}
