// SPDX-License-Identifier: MIT
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>Escrow copies, the escrow choice and the one-time-password state (schema v10, docs/decisions/0019).</summary>
public abstract partial class SqlMailStore
{
    public Task<EscrowChoice> GetEscrowChoiceAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync("read the escrow choice", async connection =>
            (EscrowChoice)await UserColumnAsync(connection, "escrow_choice", userId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<EscrowCopyRecord>> GetEscrowCopiesAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<EscrowCopyRecord>>("read escrow copies", async connection =>
        {
            await using var command = Command(connection, """
                SELECT e.key_id, k.fingerprint, e.master_fingerprint, e.copy, e.created_utc
                FROM escrow_copies e JOIN user_keys k ON k.id = e.key_id WHERE e.user_id = @user ORDER BY e.key_id;
                """);
            command.Add("@user", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var copies = new List<EscrowCopyRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                copies.Add(new EscrowCopyRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (byte[])reader[3], FromUnixSeconds(reader.GetInt64(4))));
            }

            return copies;
        }, cancellationToken);

    public Task<bool> PutEscrowCopiesAsync(
        long userId, EscrowChoice expectedChoice, EscrowChoice? choice, IReadOnlyList<NewEscrowCopy> copies, AuditEntry? audit,
        CancellationToken cancellationToken) =>
        WriteAsync("store escrow copies", async (connection, transaction) =>
        {
            // The choice is compared inside the write transaction. SQLite's BEGIN IMMEDIATE serialises it with the opt-out's:
            // a choice read before it and changed since writes nothing. PostgreSQL's SERIALIZABLE makes a concurrent opt-out
            // (which writes the choice and reads the copies this inserts) abort one of the two, and the retry reads the new choice.
            await using var current = Command(connection, "SELECT escrow_choice FROM users WHERE id = @user;", transaction);
            current.Add("@user", userId);
            if (await current.ExecuteScalarAsync(cancellationToken) is not long stored || stored != (long)expectedChoice)
            {
                return false;
            }

            if (choice is { } chosen)
            {
                await SetUserColumnAsync(connection, transaction, "escrow_choice", (int)chosen, userId, cancellationToken);
            }

            foreach (var copy in copies)
            {
                // The SELECT ties the key to the user: a copy of someone else's key inserts nothing.
                await using var upsert = Command(connection, """
                    INSERT INTO escrow_copies (key_id, user_id, master_fingerprint, copy, created_utc)
                    SELECT id, user_id, @master, @copy, @created FROM user_keys WHERE id = @key AND user_id = @user
                    ON CONFLICT (key_id) DO UPDATE SET master_fingerprint = excluded.master_fingerprint, copy = excluded.copy, created_utc = excluded.created_utc;
                    """, transaction);
                upsert.Add("@master", copy.MasterFingerprint);
                upsert.Add("@copy", copy.Copy);
                upsert.Add("@created", UnixSeconds(DateTime.UtcNow));
                upsert.Add("@key", copy.KeyId);
                upsert.Add("@user", userId);
                if (await upsert.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw new InvalidOperationException($"key {copy.KeyId} does not belong to user {userId}");
                }
            }

            if (audit is not null)
            {
                await AppendAuditAsync(connection, transaction, audit.Address, audit.Event, audit.Detail, cancellationToken);
            }

            return true;
        }, cancellationToken);

    public async Task<int> DeleteEscrowCopiesAsync(long userId, EscrowChoice choice, Func<int, AuditEntry> audit, CancellationToken cancellationToken)
    {
        var deleted = await WriteAsync("delete escrow copies", async (connection, transaction) =>
        {
            await SetUserColumnAsync(connection, transaction, "escrow_choice", (int)choice, userId, cancellationToken);
            await using var delete = Command(connection, "DELETE FROM escrow_copies WHERE user_id = @user;", transaction);
            delete.Add("@user", userId);
            var count = await delete.ExecuteNonQueryAsync(cancellationToken);
            var entry = audit(count);
            await AppendAuditAsync(connection, transaction, entry.Address, entry.Event, entry.Detail, cancellationToken);
            return count;
        }, cancellationToken);

        await PurgeDeletedEscrowCopiesAsync(cancellationToken);
        return deleted;
    }

    public Task RestoreKeysAsync(long userId, IReadOnlyDictionary<long, byte[]> protectedSecretKeys, AuditEntry audit, CancellationToken cancellationToken) =>
        WriteAsync("restore keys", async (connection, transaction) =>
        {
            await SetSecretKeysAsync(connection, transaction, userId, protectedSecretKeys!, restore: true, cancellationToken);
            await using var user = Command(connection,
                "UPDATE users SET password_verifier = NULL, password_change_required = 1, credential_version = credential_version + 1 WHERE id = @user;", transaction);
            user.Add("@user", userId);
            await user.ExecuteNonQueryAsync(cancellationToken);
            await AppendAuditAsync(connection, transaction, audit.Address, audit.Event, audit.Detail, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<bool> IsPasswordChangeRequiredAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync("read the password state", async connection =>
            await UserColumnAsync(connection, "password_change_required", userId, cancellationToken) == 1, cancellationToken);

    /// <summary>An integer column of the user's row; 0 for a user that does not exist. <paramref name="column"/> is a constant of this file.</summary>
    static async Task<long> UserColumnAsync(DbConnection connection, string column, long userId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT {column} FROM users WHERE id = @user;");
        command.Add("@user", userId);
        return await command.ExecuteScalarAsync(cancellationToken) is long value ? value : 0;
    }

    static async Task<bool> SetUserColumnAsync(
        DbConnection connection, DbTransaction transaction, string column, int value, long userId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"UPDATE users SET {column} = @value WHERE id = @user;", transaction);
        command.Add("@value", value);
        command.Add("@user", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
