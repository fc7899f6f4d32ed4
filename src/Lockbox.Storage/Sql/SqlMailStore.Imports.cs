// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Sql;

/// <summary>The import journal (schema v6): which messages <c>lockbox import</c> already stored.</summary>
public abstract partial class SqlMailStore
{
    public Task<bool> WasImportedAsync(long userId, byte[] key, CancellationToken cancellationToken) =>
        ReadAsync("read the import journal", async connection =>
        {
            await using var command = Command(connection, "SELECT 1 FROM import_journal WHERE user_id = @user AND key = @key;");
            command.Add("@user", userId);
            command.Add("@key", key);
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }, cancellationToken);
}
