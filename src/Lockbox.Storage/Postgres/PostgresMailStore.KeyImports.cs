// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Postgres;

/// <summary>A new active key with the state that changes with it (<c>key import</c>).</summary>
public sealed partial class PostgresMailStore
{
    public Task ReplaceActiveKeyAsync(long userId, KeyReplacement replacement, AuditEntry audit, CancellationToken cancellationToken) =>
        WriteAsync("replace the active key", async (connection, transaction) =>
        {
            foreach (var (keyId, secret) in replacement.SecretKeys)
            {
                // No secure_delete on PostgreSQL: the old row version stays until VACUUM reuses it (docs/decisions/0026).
                await using var update = Command(connection,
                    "UPDATE user_keys SET protected_secret_key = @secret WHERE id = @key AND user_id = @user;", transaction);
                update.Parameters.AddWithValue("secret", (object?)secret ?? DBNull.Value);
                update.Parameters.AddWithValue("key", keyId);
                update.Parameters.AddWithValue("user", userId);
                if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw new InvalidOperationException($"key {keyId} does not belong to user {userId}");
                }
            }

            await InsertKeyAsync(connection, transaction, userId, replacement.Key, cancellationToken);

            await using var user = Command(connection,
                "UPDATE users SET encryption = @encryption, password_verifier = @verifier, credential_version = credential_version + 1 WHERE id = @user;",
                transaction);
            user.Parameters.AddWithValue("encryption", (int)replacement.Encryption);
            user.Parameters.AddWithValue("verifier", (object?)replacement.PasswordVerifier ?? DBNull.Value);
            user.Parameters.AddWithValue("user", userId);
            await user.ExecuteNonQueryAsync(cancellationToken);
            await AppendAuditAsync(connection, transaction, audit.Address, audit.Event, audit.Detail, cancellationToken);
            return true;
        }, cancellationToken);
}
