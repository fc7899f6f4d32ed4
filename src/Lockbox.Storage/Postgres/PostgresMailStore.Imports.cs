// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Postgres;

/// <summary>The import journal (schema v6): which messages <c>lockbox import</c> already stored.</summary>
public sealed partial class PostgresMailStore
{
    public Task<bool> WasImportedAsync(long userId, byte[] key, CancellationToken cancellationToken) =>
        ReadAsync("read the import journal", async connection =>
        {
            await using var command = Command(connection, "SELECT 1 FROM import_journal WHERE user_id = @user AND key = @key;");
            command.Parameters.AddWithValue("user", userId);
            command.Parameters.AddWithValue("key", key);
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }, cancellationToken);
}
