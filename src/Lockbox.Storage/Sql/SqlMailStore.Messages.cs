// SPDX-License-Identifier: MIT
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>Message index rows.</summary>
public abstract partial class SqlMailStore
{
    const string MessageColumns = "id, mailbox_id, uid, modseq, flags, internal_date, stored_size, blob_id, is_encrypted, metadata, metadata_form, keywords";

    public Task<IReadOnlyList<MessageRecord>> ListMessagesAsync(long mailboxId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<MessageRecord>>("list messages", async connection =>
        {
            await using var command = Command(connection, $"SELECT {MessageColumns} FROM messages WHERE mailbox_id = @mailbox ORDER BY uid;");
            command.Add("@mailbox", mailboxId);
            return await ReadMessagesAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<MessageRecord>> GetMessagesAsync(IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<MessageRecord>>("read messages", async connection =>
        {
            await using var command = Command(connection, "");
            command.CommandText = $"SELECT {MessageColumns} FROM messages WHERE id {IdIn(command, "@ids", messageIds)};";
            return await ReadMessagesAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<MessageRecord?> FindMessageAsync(long mailboxId, long uid, CancellationToken cancellationToken) =>
        ReadAsync("find the message", async connection =>
        {
            await using var command = Command(connection, $"SELECT {MessageColumns} FROM messages WHERE mailbox_id = @mailbox AND uid = @uid;");
            command.Add("@mailbox", mailboxId);
            command.Add("@uid", uid);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadMessage(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlySet<string>> ListReferencedFileBlobsAsync(string? first, string? beyond, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlySet<string>>("list blobs", async connection =>
        {
            // A bound is left out rather than passed as NULL: "@beyond IS NULL OR blob_id < @beyond" would keep the engines from
            // reading the range from the messages_blob index. blob_id compares bytewise on both (SQLite's BINARY, "C").
            var range = (first is null ? "" : " AND m.blob_id >= @first") + (beyond is null ? "" : " AND m.blob_id < @beyond");
            await using var command = Command(connection, $"""
                SELECT DISTINCT blob_id FROM messages m
                WHERE NOT EXISTS (SELECT 1 FROM inline_blobs i WHERE i.blob_id = m.blob_id){range};
                """);
            if (first is not null)
            {
                command.Add("@first", first);
            }

            if (beyond is not null)
            {
                command.Add("@beyond", beyond);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var blobs = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                blobs.Add(reader.GetString(0));
            }

            return blobs;
        }, cancellationToken);

    static async Task<IReadOnlyList<MessageRecord>> ReadMessagesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<MessageRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(ReadMessage(reader));
        }

        return messages;
    }

    static MessageRecord ReadMessage(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), (SystemFlags)reader.GetInt64(4),
        FromUnixSeconds(reader.GetInt64(5)), reader.GetInt64(6), reader.GetString(7), reader.GetInt64(8) == 1, (byte[])reader[9],
        (MetadataForm)reader.GetInt64(10))
    {
        Keywords = KeywordList.Parse(reader.GetString(11)),
    };
}
