// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Sql;

/// <summary>A new active key with the state that changes with it (<c>key import</c>).</summary>
public abstract partial class SqlMailStore
{
    public Task ReplaceActiveKeyAsync(long userId, KeyReplacement replacement, AuditEntry audit, CancellationToken cancellationToken) =>
        WriteAsync("replace the active key", async (connection, transaction) =>
        {
            // SQLite's secure_delete overwrites a removed secret part in the file; PostgreSQL keeps the old row version until
            // VACUUM reuses its space (docs/decisions/0026).
            await SetSecretKeysAsync(connection, transaction, userId, replacement.SecretKeys, restore: false, cancellationToken);
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
