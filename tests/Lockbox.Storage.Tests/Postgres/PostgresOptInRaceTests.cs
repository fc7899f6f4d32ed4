// SPDX-License-Identifier: MIT
using Lockbox.Storage.Postgres;
using Npgsql;

namespace Lockbox.Storage.Tests.Postgres;

/// <summary>
/// The opt-in against a cleartext delivery on another node (docs/decisions/0029): the switch to encryption waits for a
/// cleartext append in flight, and a cleartext append that comes after it is refused (temporarily, so the MTA delivers it
/// again, encrypted), so no cleartext row of an opted-in user can appear after the opt-in listed its rows.
/// </summary>
public sealed class PostgresOptInRaceTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static NewMessage Message(char blob, bool encrypted) =>
        new(new string(blob, 32), 100, encrypted, [1, 2, 3], SystemFlags.None, DateTime.UtcNow);

    [Fact]
    public async Task A_cleartext_append_waiting_on_the_switch_to_encryption_is_refused_and_an_encrypted_one_is_stored()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await using var store = new PostgresMailStore(database.ConnectionString);
        await store.MigrateAsync(Ct);
        var user = await store.CreateUserAsync("race@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        await store.AppendMessageAsync(inbox.Id, Message('a', encrypted: false), Ct);

        // The opt-in's switch, held open on another connection (another node) while a cleartext delivery commits its row.
        await using var optIn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        await optIn.OpenAsync(Ct);
        await using var transaction = await optIn.BeginTransactionAsync(Ct);
        await using (var update = new NpgsqlCommand($"UPDATE users SET encryption = 1 WHERE id = {user.Id};", optIn, transaction))
        {
            await update.ExecuteNonQueryAsync(Ct);
        }

        var cleartext = store.AppendMessageAsync(inbox.Id, Message('b', encrypted: false), Ct);
        await Task.Delay(500, Ct);
        Assert.False(cleartext.IsCompleted, "the cleartext append must wait for the switch to commit or roll back");
        await transaction.CommitAsync(Ct);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => cleartext);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendMessageAsync(inbox.Id, Message('c', encrypted: false), Ct));
        var encrypted = await store.AppendMessageAsync(inbox.Id, Message('d', encrypted: true), Ct);
        var rows = await store.ListMessagesAsync(inbox.Id, Ct);
        Assert.Equal([(1L, false), (2L, true)], rows.Select(r => (r.Uid, r.IsEncrypted)));
        Assert.Equal(2, encrypted.Uid);
    }
}
