// SPDX-License-Identifier: MIT
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>Mailboxes.</summary>
public abstract partial class SqlMailStore
{
    // Subscriptions are names in their own table (schema v5); a mailbox is subscribed when its name is there.
    const string MailboxColumns = "id, user_id, name, role, uid_validity, uid_next, highest_modseq, "
        + "EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = mailboxes.user_id AND s.name = mailboxes.name)";

    public Task<IReadOnlyList<MailboxRecord>> ListMailboxesAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<MailboxRecord>>("list mailboxes", async connection =>
        {
            await using var command = Command(connection, $"SELECT {MailboxColumns} FROM mailboxes WHERE user_id = @user ORDER BY name;");
            command.Add("@user", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var mailboxes = new List<MailboxRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                mailboxes.Add(ReadMailbox(reader));
            }

            return mailboxes;
        }, cancellationToken);

    public Task<MailboxRecord?> FindMailboxAsync(long userId, string name, CancellationToken cancellationToken) =>
        ReadAsync("find the mailbox", async connection =>
        {
            await using var command = Command(connection, $"SELECT {MailboxColumns} FROM mailboxes WHERE user_id = @user AND name = @name;");
            command.Add("@user", userId);
            command.Add("@name", CanonicalName(name));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadMailbox(reader) : null;
        }, cancellationToken);

    public Task<MailboxRecord> CreateMailboxAsync(long userId, string name, SpecialUse? role, CancellationToken cancellationToken) =>
        WriteAsync("create the mailbox", (connection, transaction) =>
            InsertMailboxAsync(connection, transaction, userId, CanonicalName(name), role, cancellationToken), cancellationToken);

    /// <summary>RFC 3501 section 5.1: "INBOX" is case-insensitive; every other name is exact.</summary>
    static string CanonicalName(string name) => name.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? "INBOX" : name;

    async Task<MailboxRecord> InsertMailboxAsync(
        DbConnection connection, DbTransaction transaction, long userId, string name, SpecialUse? role, CancellationToken cancellationToken)
    {
        // UIDVALIDITY must differ from every earlier mailbox of the same name (RFC 3501 section 2.3.1.1),
        // even one deleted and recreated within the same second: take max(now, last + 1) from one counter.
        await using var next = Command(connection, $"""
            UPDATE meta SET value = {NextUidValidity} WHERE name = 'last_uid_validity' RETURNING value;
            """, transaction);
        var uidValidity = (long)(await next.ExecuteScalarAsync(cancellationToken))!;

        await using var insert = Command(connection, """
            INSERT INTO mailboxes (user_id, name, role, uid_validity, uid_next, highest_modseq, subscribed)
            VALUES (@user, @name, @role, @validity, 1, 1, 1) RETURNING id;
            """, transaction);
        insert.Add("@user", userId);
        insert.Add("@name", name);
        insert.Add("@role", role is { } r ? (long)r : null);
        insert.Add("@validity", uidValidity);
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;

        // New mailboxes start subscribed, as they always have here (RFC 3501 leaves it to the server).
        await using var subscribe = Command(connection, "INSERT INTO subscriptions (user_id, name) VALUES (@user, @name) ON CONFLICT DO NOTHING;", transaction);
        subscribe.Add("@user", userId);
        subscribe.Add("@name", name);
        await subscribe.ExecuteNonQueryAsync(cancellationToken);
        return new MailboxRecord(id, userId, name, role, uidValidity, UidNext: 1, HighestModSeq: 1, Subscribed: true);
    }

    static MailboxRecord ReadMailbox(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
        reader.IsDBNull(3) ? null : (SpecialUse)reader.GetInt64(3),
        reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetBoolean(7));
}
