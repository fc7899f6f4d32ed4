// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Sql;

/// <summary>
/// A user's own storage limit (schema v15, docs/decisions/0041) and whether they have had the quota warning (v16); their
/// usage is read with the user row.
/// </summary>
public abstract partial class SqlMailStore
{
    public Task<bool> SetQuotaAsync(long userId, long? limitBytes, CancellationToken cancellationToken) =>
        WriteAsync("set the quota", async (connection, transaction) =>
        {
            await using var update = Command(connection, "UPDATE users SET quota_bytes = @limit WHERE id = @user;", transaction);
            update.Add("@limit", limitBytes);
            update.Add("@user", userId);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<bool> SetQuotaWarnedAsync(long userId, bool warned, CancellationToken cancellationToken) =>
        WriteAsync("note the quota warning", async (connection, transaction) =>
        {
            // The condition makes it a claim: of two transactions setting it, the second changes no row.
            await using var update = Command(connection, "UPDATE users SET quota_warned = @warned WHERE id = @user AND quota_warned <> @warned;", transaction);
            update.Add("@warned", warned ? 1L : 0L);
            update.Add("@user", userId);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
}
