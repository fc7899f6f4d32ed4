// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.Storage.Tests.Postgres;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 7, item 4 (docs/decisions/0030): <c>lockbox migrate --from sqlite:PATH --to postgres:CONNSTRING</c> on a
/// three-user, 3,000-message installation. After the migration <c>lockbox serve</c> on PostgreSQL shows the same
/// mailboxes, UIDs, UIDVALIDITY, flags and bytes; a migration killed with SIGKILL mid-copy completes when run again; a
/// row changed afterwards fails the verification; an unfit target is refused.
/// </summary>
public sealed partial class MigrateTests(MigrationInstallation installation, ITestOutputHelper output) : IClassFixture<MigrationInstallation>
{
    /// <summary>Not a real password (the test server trusts loopback): it must never appear in migrate's output.</summary>
    const string PasswordCanary = "pw-canary-5f0d2c";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_copies_three_users_and_3000_messages_and_serve_on_postgres_shows_the_same_mail()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await installation.EnsureBuiltAsync(Ct);
        output.WriteLine($"installation built in {installation.BuildTime.TotalSeconds:F1} s; 3,000 LMTP deliveries on 4 connections: {installation.DeliveryTime.TotalSeconds:F1} s");

        var clock = Stopwatch.StartNew();
        var migrated = await MigrateAsync(database);
        output.WriteLine($"lockbox migrate process: {clock.Elapsed.TotalSeconds:F1} s");
        migrated.EnsureSuccess();
        output.WriteLine(migrated.Stdout);
        Assert.Contains("migrated and verified", migrated.Stdout, StringComparison.Ordinal);
        Assert.Contains("audit log on the target holds: 2 entries", migrated.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MISMATCH", migrated.Stdout, StringComparison.Ordinal);

        var environment = PostgresEnvironment(database);
        await using var server = await LockboxServer.StartAsync(installation.Data, environment);
        var imap = server.Listeners["imap"];
        foreach (var (address, _, password) in MigrationInstallation.Users)
        {
            Assert.Equal(installation.Snapshots[address], await ImapSnapshot.TakeAsync(imap, address, password, Ct));
        }

        output.WriteLine($"migrate, serve and three IMAP snapshots: {clock.Elapsed.TotalSeconds:F1} s");

        var (alice, _, alicePassword) = MigrationInstallation.Users[0];
        using (var client = new ImapClient())
        {
            await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);
            await client.AuthenticateAsync(alice, alicePassword, Ct);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
            // Every message of the encrypted user's INBOX, byte for byte as delivered.
            var summaries = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope, Ct);
            Assert.True(summaries.Count > 900, $"only {summaries.Count} messages in INBOX");
            var byUid = summaries.ToDictionary(s => s.UniqueId, s => IndexOf(s.Envelope!.MessageId!));
            await ((ImapFolder)client.Inbox).GetStreamsAsync([.. byUid.Keys], async (_, _, uid, stream, cancellationToken) =>
            {
                using var bytes = new MemoryStream();
                await stream.CopyToAsync(bytes, cancellationToken);
                var index = byUid[uid];
                Assert.Null(ByteAssert.Difference(StoredForm.Of(MigrationInstallation.Message(index), MigrationInstallation.Sender, alice), bytes.ToArray()));
            }, Ct);

            // The sealed search documents came along: a body word finds its one message.
            var needle = byUid.First(p => p.Value > 600);
            Assert.Equal([needle.Key], await client.Inbox.SearchAsync(SearchQuery.BodyContains($"needle{needle.Value:D4}"), Ct));
            await client.DisconnectAsync(quit: true, Ct);
        }

        output.WriteLine($"and every INBOX message of the encrypted user fetched: {clock.Elapsed.TotalSeconds:F1} s");

        // A new delivery takes INBOX's UIDNEXT: the counters (and the identity sequences under them) moved on.
        var uidNext = long.Parse(UidNext().Match(installation.Snapshots[alice]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync(MigrationInstallation.Sender, [alice], MigrationInstallation.Message(3000))).Code);
        }

        using (var client = new ImapClient())
        {
            await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);
            await client.AuthenticateAsync(alice, alicePassword, Ct);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
            Assert.Equal([(uint)uidNext], (await client.Inbox.SearchAsync(SearchQuery.BodyContains("needle3000"), Ct)).Select(u => u.Id));
            await client.DisconnectAsync(quit: true, Ct);
        }

        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task A_migration_killed_mid_copy_completes_when_run_again_with_no_duplicate_rows()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await installation.EnsureBuiltAsync(Ct);
        var sourceMessages = await CountSourceAsync("messages");

        // Small batches, so the copy of the messages table takes long enough to be killed in the middle of it.
        using (var process = Process.Start(LockboxCli.StartInfo(Arguments(installation.Database, database, "--batch-size", "10"), LockboxCli.NoEnvironment))!)
        {
            var copied = 0L;
            var deadline = Stopwatch.StartNew();
            while (copied == 0 && !process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                copied = await CountTargetAsync(database, "messages");
                await Task.Delay(5, Ct);
            }

            ProcessSignals.KillNow(process.Id);
            await process.WaitForExitAsync(Ct);
            Assert.NotEqual(0, process.ExitCode);
        }

        var partial = await CountTargetAsync(database, "messages");
        output.WriteLine($"killed with {partial} of {sourceMessages} messages copied");
        Assert.InRange(partial, 1, sourceMessages - 1);

        var resumed = await MigrateAsync(database);
        resumed.EnsureSuccess();
        output.WriteLine(resumed.Stdout);
        Assert.Matches(@"continued: copied \d+ of \d+ rows", resumed.Stdout);
        Assert.Equal(sourceMessages, await CountTargetAsync(database, "messages"));
        Assert.Equal(await CountSourceAsync("search_documents"), await CountTargetAsync(database, "search_documents"));
    }

    [Fact]
    public async Task A_row_changed_or_a_blob_missing_after_the_migration_fails_verification()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await installation.EnsureBuiltAsync(Ct);
        (await MigrateAsync(database)).EnsureSuccess();
        (await MigrateAsync(database, "--verify-only")).EnsureSuccess();

        // A blob file the rows name, gone from the blob directory: the rows still agree, the blob check does not.
        var blobId = (string)(await ScalarAsync(database, """
            SELECT blob_id FROM messages m WHERE NOT EXISTS (SELECT 1 FROM inline_blobs i WHERE i.blob_id = m.blob_id) ORDER BY id DESC LIMIT 1;
            """))!;
        var blob = Path.Combine(installation.Data, "blobs", blobId[..2], blobId);
        File.Move(blob, blob + ".away");
        try
        {
            var missing = await MigrateAsync(database, "--verify-only");
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("blobs are missing", missing.Stderr, StringComparison.Ordinal);
            Assert.Contains("1 missing", missing.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Move(blob + ".away", blob);
        }

        // One flag bit of one message: the counts still agree, only the checksum can notice.
        await ExecuteAsync(database, "UPDATE messages SET flags = flags # 8 WHERE id = (SELECT min(id) FROM messages);");
        var verified = await MigrateAsync(database, "--verify-only");
        Assert.Equal(1, verified.ExitCode);
        Assert.Contains("tables differ: messages", verified.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"messages\s+│\s+\d+\s+│\s+\d+\s+│\s+MISMATCH", verified.Stdout);
    }

    [Fact]
    public async Task A_source_at_another_schema_version_is_refused()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        using var temp = new TempDirectory();
        var source = await OneUserInstallationAsync(temp);
        await ExecuteSqliteAsync(source, "DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations);");

        var refused = await MigrateAsync(source, database);
        Assert.Equal(2, refused.ExitCode);
        Assert.Matches(@"the source is at schema version \d+, this lockbox's is \d+: run this lockbox once on the source", refused.Stderr);
    }

    [Fact]
    public async Task A_target_holding_an_installation_of_its_own_is_refused()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        using var temp = new TempDirectory();
        var source = await OneUserInstallationAsync(temp);
        (await LockboxCli.RunAsync(MigrationInstallation.FirstPassword + "\n", PostgresEnvironment(database),
            "user", "add", "erin@example.org", "--password-stdin", "--data", temp.Combine("live"))).EnsureSuccess();

        var refused = await MigrateAsync(source, database);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("the target is not empty (table users has rows", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, await CountTargetAsync(database, "users"));
    }

    [Fact]
    public async Task A_target_whose_columns_differ_from_the_source_is_refused_before_a_row_moves()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        using var temp = new TempDirectory();
        var source = await OneUserInstallationAsync(temp);
        // The target's schema at the same version, with one column the source does not have.
        (await LockboxCli.RunAsync((string?)null, PostgresEnvironment(database), "user", "list", "--data", temp.Combine("live"))).EnsureSuccess();
        await ExecuteAsync(database, "ALTER TABLE mailboxes ADD COLUMN colour BIGINT;");

        var refused = await MigrateAsync(source, database);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("the column mailboxes.colour differs between source and target", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountTargetAsync(database, "users"));
    }

    /// <summary>A small SQLite installation of one cleartext user; returns its lockbox.db.</summary>
    static async Task<string> OneUserInstallationAsync(TempDirectory temp)
    {
        var data = temp.Combine("source");
        await LockboxVerbs.AddUserAsync(data, "dave@example.org", MigrationInstallation.FirstPassword, encrypt: false);
        return Path.Combine(data, "lockbox.db");
    }

    static int IndexOf(string messageId) => int.Parse(messageId[1..messageId.IndexOf('@', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);

    static string ConnectionString(PostgresTestDatabase database) => database.ConnectionString + ";Password=" + PasswordCanary;

    static Dictionary<string, string> PostgresEnvironment(PostgresTestDatabase database) => new()
    {
        ["LOCKBOX__Store__Provider"] = "postgres",
        ["LOCKBOX__Store__ConnectionString"] = database.ConnectionString,
    };

    static string[] Arguments(string source, PostgresTestDatabase database, params string[] extra) =>
        ["migrate", "--from", "sqlite:" + source, "--to", "postgres:" + ConnectionString(database), .. extra];

    Task<CliResult> MigrateAsync(PostgresTestDatabase database, params string[] extra) => MigrateAsync(installation.Database, database, extra);

    static async Task<CliResult> MigrateAsync(string source, PostgresTestDatabase database, params string[] extra)
    {
        var result = await LockboxCli.RunAsync((string?)null, Arguments(source, database, extra));
        Assert.DoesNotContain(PasswordCanary, result.Stdout + result.Stderr, StringComparison.Ordinal);
        return result;
    }

    async Task<long> CountSourceAsync(string table) => (long)(await ExecuteSqliteAsync(installation.Database, $"SELECT count(*) FROM {table};"))!;

    static async Task<object?> ExecuteSqliteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    /// <summary>The table's rows in the target; 0 while its schema does not exist yet (migrate has not got that far).</summary>
    static async Task<long> CountTargetAsync(PostgresTestDatabase database, string table)
    {
        try
        {
            return (long)(await ScalarAsync(database, $"SELECT count(*) FROM {table};"))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    static async Task ExecuteAsync(PostgresTestDatabase database, string sql) => await ScalarAsync(database, sql);

    static async Task<object?> ScalarAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    [GeneratedRegex(@"^INBOX uidvalidity \d+ uidnext (\d+)$", RegexOptions.Multiline)]
    private static partial Regex UidNext();
}
