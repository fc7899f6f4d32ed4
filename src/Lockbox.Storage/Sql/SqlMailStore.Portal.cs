// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Sql;

/// <summary>What the key portal's background runner needs (docs/decisions/0021); no schema change.</summary>
public abstract partial class SqlMailStore
{
    public Task<IReadOnlyList<string>> ListUnfinishedEncryptionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>("list unfinished encryption migrations", async connection =>
        {
            await using var command = Command(connection, """
                SELECT u.address FROM encryption_migrations e JOIN users u ON u.id = e.user_id
                WHERE e.phase <> 2 ORDER BY e.started_utc, e.user_id;
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var addresses = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                addresses.Add(reader.GetString(0));
            }

            return addresses;
        }, cancellationToken);
}
