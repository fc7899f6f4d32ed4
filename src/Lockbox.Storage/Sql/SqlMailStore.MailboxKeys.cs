// SPDX-License-Identifier: MIT
using System.Data;

namespace Lockbox.Storage.Sql;

/// <summary>Mailbox keys and metadata re-sealing.</summary>
public abstract partial class SqlMailStore
{
    public Task<byte[]?> GetMailboxKeyAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync("read the mailbox key", async connection =>
        {
            await using var command = Command(connection, "SELECT wrapped FROM mailbox_keys WHERE user_id = @user;");
            command.Add("@user", userId);
            return await command.ExecuteScalarAsync(cancellationToken) as byte[];
        }, cancellationToken);

    public Task<byte[]> SetMailboxKeyIfAbsentAsync(long userId, byte[] wrapped, CancellationToken cancellationToken) =>
        WriteAsync("store the mailbox key", async (connection, transaction) =>
        {
            await using var insert = Command(connection,
                "INSERT INTO mailbox_keys (user_id, wrapped, created_utc) VALUES (@user, @wrapped, @created) ON CONFLICT (user_id) DO NOTHING;", transaction);
            insert.Add("@user", userId);
            insert.Add("@wrapped", wrapped);
            insert.Add("@created", UnixSeconds(DateTime.UtcNow));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await using var select = Command(connection, "SELECT wrapped FROM mailbox_keys WHERE user_id = @user;", transaction);
            select.Add("@user", userId);
            return (byte[])(await select.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public Task UpdateMetadataAsync(IReadOnlyList<MetadataUpdate> updates, CancellationToken cancellationToken) =>
        WriteAsync("update message metadata", async (connection, transaction) =>
        {
            await using var update = Command(connection, "UPDATE messages SET metadata = @metadata, metadata_form = @form WHERE id = @id;", transaction);
            var metadata = update.Add("@metadata", DbType.Binary);
            var form = update.Add("@form", DbType.Int64);
            var id = update.Add("@id", DbType.Int64);
            foreach (var item in updates)
            {
                metadata.Value = item.Metadata;
                form.Value = (int)item.Form;
                id.Value = item.MessageId;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            return updates.Count;
        }, cancellationToken);
}
