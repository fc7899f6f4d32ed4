// SPDX-License-Identifier: MIT
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>Mailbox hierarchy changes (DELETE, RENAME) and subscriptions.</summary>
public abstract partial class SqlMailStore
{
    // A name and its inferiors: the name itself, or anything below "name/". substr, not LIKE, so that
    // "%" and "_" in mailbox names are plain characters.
    const string NameOrInferior = "(name = @from OR substr(name, 1, length(@from) + 1) = @from || '/')";

    public Task<IReadOnlyList<string>> DeleteMailboxAsync(long mailboxId, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<string>>("delete the mailbox", async (connection, transaction) =>
        {
            // Blobs only this mailbox's rows reference (COPY may share a blob between rows).
            await using var orphans = Command(connection, """
                SELECT DISTINCT m.blob_id FROM messages m
                WHERE m.mailbox_id = @mailbox
                  AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.blob_id = m.blob_id AND o.mailbox_id <> @mailbox);
                """, transaction);
            orphans.Add("@mailbox", mailboxId);
            var blobs = new List<string>();
            await using (var reader = await orphans.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    blobs.Add(reader.GetString(0));
                }
            }

            // Message rows go with the mailbox (ON DELETE CASCADE); the subscription stays (RFC 3501 section 6.3.4).
            await using var delete = Command(connection, "DELETE FROM mailboxes WHERE id = @mailbox;", transaction);
            delete.Add("@mailbox", mailboxId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            await DeleteInlineBlobsAsync(connection, transaction, blobs, cancellationToken);
            return blobs;
        }, cancellationToken);

    public Task<bool> RenameMailboxAsync(long userId, string oldName, string newName, CancellationToken cancellationToken) =>
        WriteAsync("rename the mailbox", async (connection, transaction) =>
        {
            var from = CanonicalName(oldName);
            var to = CanonicalName(newName);
            if (from == "INBOX")
            {
                return await MoveInboxAsync(connection, transaction, userId, to, cancellationToken);
            }

            await using var rename = Command(connection, $"""
                UPDATE mailboxes SET name = @to || substr(name, length(@from) + 1)
                WHERE user_id = @user AND {NameOrInferior};
                """, transaction);
            AddRenameParameters(rename, userId, from, to);
            if (await rename.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            // Subscriptions follow the mailboxes, as Dovecot's do; a subscription already on a target name merges
            // (the one in the way goes first, as SQLite's UPDATE OR REPLACE would do; PostgreSQL has no such clause).
            await using var subscriptions = Command(connection, $"""
                DELETE FROM subscriptions WHERE user_id = @user AND NOT {NameOrInferior}
                  AND name IN (SELECT @to || substr(name, length(@from) + 1) FROM subscriptions WHERE user_id = @user AND {NameOrInferior});
                UPDATE subscriptions SET name = @to || substr(name, length(@from) + 1)
                WHERE user_id = @user AND {NameOrInferior};
                """, transaction);
            AddRenameParameters(subscriptions, userId, from, to);
            await subscriptions.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public Task<bool> SetSubscriptionAsync(long userId, string name, bool subscribed, CancellationToken cancellationToken) =>
        WriteAsync("change the subscription", async (connection, transaction) =>
        {
            await using var command = Command(
                connection,
                subscribed
                    ? "INSERT INTO subscriptions (user_id, name) VALUES (@user, @name) ON CONFLICT DO NOTHING;"
                    : "DELETE FROM subscriptions WHERE user_id = @user AND name = @name;",
                transaction);
            command.Add("@user", userId);
            command.Add("@name", CanonicalName(name));
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListSubscriptionsAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>("list subscriptions", async connection =>
        {
            await using var command = Command(connection, "SELECT name FROM subscriptions WHERE user_id = @user ORDER BY name;");
            command.Add("@user", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var names = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }, cancellationToken);

    /// <summary>
    /// RFC 3501 section 6.3.5: renaming INBOX moves all its messages to a new mailbox of the new name and
    /// leaves INBOX empty; INBOX's inferiors stay. The messages keep their UIDs, so the new mailbox
    /// continues INBOX's UID and MODSEQ counters under its own new UIDVALIDITY; INBOX keeps its counters,
    /// so no UID is ever reused there.
    /// </summary>
    async Task<bool> MoveInboxAsync(DbConnection connection, DbTransaction transaction, long userId, string to, CancellationToken cancellationToken)
    {
        var target = await InsertMailboxAsync(connection, transaction, userId, to, role: null, cancellationToken);
        await using var move = Command(connection, """
            UPDATE mailboxes SET uid_next = i.uid_next, highest_modseq = i.highest_modseq
            FROM (SELECT id, uid_next, highest_modseq FROM mailboxes WHERE user_id = @user AND name = 'INBOX') AS i
            WHERE mailboxes.id = @target;
            UPDATE messages SET mailbox_id = @target
            WHERE mailbox_id = (SELECT id FROM mailboxes WHERE user_id = @user AND name = 'INBOX');
            -- The messages left INBOX: a change a CONDSTORE client must see (RFC 7162 section 3.1.1).
            UPDATE mailboxes SET highest_modseq = highest_modseq + 1 WHERE user_id = @user AND name = 'INBOX';
            """, transaction);
        move.Add("@user", userId);
        move.Add("@target", target.Id);
        await move.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    static void AddRenameParameters(DbCommand command, long userId, string from, string to)
    {
        command.Add("@user", userId);
        command.Add("@from", from);
        command.Add("@to", to);
    }
}
