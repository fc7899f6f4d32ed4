// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>Users and their keys.</summary>
public abstract partial class SqlMailStore
{
    /// <summary>The mailboxes every user gets, with their RFC 6154 roles.</summary>
    static readonly (string Name, SpecialUse Role)[] StandardMailboxes =
    [
        ("INBOX", SpecialUse.Inbox), ("Sent", SpecialUse.Sent), ("Drafts", SpecialUse.Drafts),
        ("Trash", SpecialUse.Trash), ("Junk", SpecialUse.Junk), ("Archive", SpecialUse.Archive),
    ];

    public Task<UserRecord> CreateUserAsync(
        string address, EncryptionState encryption, byte[]? passwordVerifier, NewUserKey? key, CancellationToken cancellationToken) =>
        WriteAsync("create the user", async (connection, transaction) =>
        {
            var created = DateTime.UtcNow;
            await using var insert = Command(connection, """
                INSERT INTO users (address, encryption, password_verifier, created_utc)
                VALUES (@address, @encryption, @verifier, @created) RETURNING id;
                """, transaction);
            insert.Add("@address", address);
            insert.Add("@encryption", (int)encryption);
            insert.Add("@verifier", passwordVerifier);
            insert.Add("@created", UnixSeconds(created));
            var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;

            if (key is not null)
            {
                await InsertKeyAsync(connection, transaction, id, key, cancellationToken);
            }

            foreach (var (name, role) in StandardMailboxes)
            {
                await InsertMailboxAsync(connection, transaction, id, name, role, cancellationToken);
            }

            return new UserRecord(id, address, encryption, passwordVerifier, FromUnixSeconds(UnixSeconds(created)));
        }, cancellationToken);

    public Task<UserRecord?> FindUserAsync(string address, CancellationToken cancellationToken) =>
        ReadAsync("find the user", async connection =>
        {
            await using var command = Command(connection, $"SELECT {UserColumns} FROM users WHERE {AddressMatches};");
            command.Add("@address", address);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<UserRecord>>("list users", async connection =>
        {
            await using var command = Command(connection, $"SELECT {UserColumns} FROM users ORDER BY {AddressOrder};");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var users = new List<UserRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                users.Add(ReadUser(reader));
            }

            return users;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> DeleteUserAsync(long userId, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<string>>("delete the user", async (connection, transaction) =>
        {
            // Blobs this user's rows reference and no other row does (COPY may share a blob between rows).
            await using var orphans = Command(connection, """
                SELECT DISTINCT m.blob_id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
                WHERE b.user_id = @user AND NOT EXISTS (
                    SELECT 1 FROM messages o JOIN mailboxes ob ON ob.id = o.mailbox_id
                    WHERE o.blob_id = m.blob_id AND ob.user_id <> @user);
                """, transaction);
            orphans.Add("@user", userId);
            var blobs = new List<string>();
            await using (var reader = await orphans.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    blobs.Add(reader.GetString(0));
                }
            }

            await using var delete = Command(connection, "DELETE FROM users WHERE id = @user;", transaction);
            delete.Add("@user", userId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            await DeleteInlineBlobsAsync(connection, transaction, blobs, cancellationToken);
            return blobs;
        }, cancellationToken);

    public Task<IReadOnlyList<UserKeyRecord>> GetKeysAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<UserKeyRecord>>("read keys", async connection =>
        {
            await using var command = Command(connection, """
                SELECT id, user_id, fingerprint, public_key, protected_secret_key, is_active, created_utc
                FROM user_keys WHERE user_id = @user ORDER BY is_active DESC, created_utc DESC, id DESC;
                """);
            command.Add("@user", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var keys = new List<UserKeyRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new UserKeyRecord(
                    reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), (byte[])reader[3],
                    reader.IsDBNull(4) ? null : (byte[])reader[4], reader.GetInt64(5) == 1, FromUnixSeconds(reader.GetInt64(6))));
            }

            return keys;
        }, cancellationToken);

    public Task UpdateCredentialsAsync(
        long userId, IReadOnlyDictionary<long, byte[]> protectedSecretKeys, byte[]? passwordVerifier, bool passwordChanged, AuditEntry audit,
        CancellationToken cancellationToken) =>
        WriteAsync("update credentials", async (connection, transaction) =>
        {
            await SetSecretKeysAsync(connection, transaction, userId, protectedSecretKeys!, restore: false, cancellationToken);
            var endRequiredChange = passwordChanged ? ", password_change_required = 0" : "";
            await using var verifier = Command(connection,
                $"UPDATE users SET password_verifier = @verifier, credential_version = credential_version + 1{endRequiredChange} WHERE id = @user;", transaction);
            verifier.Add("@verifier", passwordVerifier);
            verifier.Add("@user", userId);
            await verifier.ExecuteNonQueryAsync(cancellationToken);
            await AppendAuditAsync(connection, transaction, audit.Address, audit.Event, audit.Detail, cancellationToken);
            return true;
        }, cancellationToken);

    public Task AddKeyAsync(long userId, NewUserKey key, AuditEntry audit, CancellationToken cancellationToken) =>
        WriteAsync("add a key", async (connection, transaction) =>
        {
            await InsertKeyAsync(connection, transaction, userId, key, cancellationToken);
            // A process holding the user unlocked lacks the new key: its next login must unlock again (decision 0027).
            await using var raise = Command(connection, "UPDATE users SET credential_version = credential_version + 1 WHERE id = @user;", transaction);
            raise.Add("@user", userId);
            await raise.ExecuteNonQueryAsync(cancellationToken);
            await AppendAuditAsync(connection, transaction, audit.Address, audit.Event, audit.Detail, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Stores new protected secret parts (null: none) of the user's keys. A key that is not the user's, or with
    /// <paramref name="restore"/> one whose secret part the store does not hold, fails the whole write.
    /// </summary>
    static async Task SetSecretKeysAsync(
        DbConnection connection, DbTransaction transaction, long userId, IReadOnlyDictionary<long, byte[]?> secrets, bool restore, CancellationToken cancellationToken)
    {
        await using var update = Command(connection,
            $"UPDATE user_keys SET protected_secret_key = @secret WHERE id = @key AND user_id = @user{(restore ? " AND protected_secret_key IS NOT NULL" : "")};",
            transaction);
        var secret = update.Add("@secret", DbType.Binary);
        var key = update.Add("@key", DbType.Int64);
        update.Add("@user", userId);
        foreach (var (keyId, value) in secrets)
        {
            secret.Value = (object?)value ?? DBNull.Value;
            key.Value = keyId;
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException(restore
                    ? $"key {keyId} is not a secret key of user {userId}"
                    : $"key {keyId} does not belong to user {userId}");
            }
        }
    }

    static async Task InsertKeyAsync(DbConnection connection, DbTransaction transaction, long userId, NewUserKey key, CancellationToken cancellationToken)
    {
        await using var retire = Command(connection, "UPDATE user_keys SET is_active = 0 WHERE user_id = @user;", transaction);
        retire.Add("@user", userId);
        await retire.ExecuteNonQueryAsync(cancellationToken);

        await using var insert = Command(connection, """
            INSERT INTO user_keys (user_id, fingerprint, public_key, protected_secret_key, is_active, created_utc)
            VALUES (@user, @fingerprint, @public, @secret, 1, @created);
            """, transaction);
        insert.Add("@user", userId);
        insert.Add("@fingerprint", key.Fingerprint);
        insert.Add("@public", key.PublicKey);
        insert.Add("@secret", key.ProtectedSecretKey);
        insert.Add("@created", UnixSeconds(DateTime.UtcNow));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What <see cref="ReadUser"/> reads; the stored bytes from the user's few mailbox rows, through their (user_id, name) index.</summary>
    const string UserColumns =
        "id, address, encryption, password_verifier, created_utc, credential_version, quota_bytes, (SELECT coalesce(sum(stored_bytes), 0) FROM mailboxes WHERE user_id = users.id), quota_warned";

    static UserRecord ReadUser(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), (EncryptionState)reader.GetInt64(2),
        reader.IsDBNull(3) ? null : (byte[])reader[3], FromUnixSeconds(reader.GetInt64(4)), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6),
        Convert.ToInt64(reader.GetValue(7), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(8) != 0);
}
