// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Sql;

/// <summary>A new active key with the state that changes with it (<c>key import</c>).</summary>
public abstract partial class SqlMailStore
{
    public Task ReplaceActiveKeyAsync(long userId, KeyReplacement replacement, AuditEntry audit, CancellationToken cancellationToken) =>
        WriteAsync("replace the active key", async (connection, transaction) =>
        {
            foreach (var (keyId, secret) in replacement.SecretKeys)
            {
                // SQLite's secure_delete overwrites a removed secret part in the file; PostgreSQL keeps the old row version until
                // VACUUM reuses its space (docs/decisions/0026).
                await using var update = Command(connection,
                    "UPDATE user_keys SET protected_secret_key = @secret WHERE id = @key AND user_id = @user;", transaction);
                update.Add("@secret", secret);
                update.Add("@key", keyId);
                update.Add("@user", userId);
                if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw new InvalidOperationException($"key {keyId} does not belong to user {userId}");
                }
            }

            await InsertKeyAsync(connection, transaction, userId, replacement.Key, cancellationToken);

            await using var user = Command(connection,
                "UPDATE users SET encryption = @encryption, password_verifier = @verifier, credential_version = credential_version + 1 WHERE id = @user;",
                transaction);
            user.Add("@encryption", (int)replacement.Encryption);
            user.Add("@verifier", replacement.PasswordVerifier);
            user.Add("@user", userId);
            await user.ExecuteNonQueryAsync(cancellationToken);
            await AppendAuditAsync(connection, transaction, audit.Address, audit.Event, audit.Detail, cancellationToken);
            return true;
        }, cancellationToken);
}
