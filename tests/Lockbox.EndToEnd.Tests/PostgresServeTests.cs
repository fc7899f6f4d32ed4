// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.Storage.Tests.Postgres;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Npgsql;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 7: the real <c>lockbox serve</c> with <c>Store:Provider=postgres</c>. Mail delivered over LMTP is read back over
/// IMAP byte for byte, and the encrypted user's canaries are nowhere: not in PostgreSQL's data directory (WAL included),
/// its log, a <c>pg_dump</c>, the blob directory or the server's log; a cleartext user's canaries, delivered alongside,
/// are found in PostgreSQL, which proves the scan sees what is there.
/// </summary>
public sealed partial class PostgresServeTests
{
    const string Sender = "sender@example.net";
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_on_postgres_delivers_over_lmtp_reads_back_over_imap_and_leaves_no_canary_in_postgres()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var environment = new Dictionary<string, string>
        {
            ["LOCKBOX__Store__Provider"] = "postgres",
            ["LOCKBOX__Store__ConnectionString"] = database.ConnectionString,
        };
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        foreach (var (user, encrypt) in new[] { (Encrypted, true), (Cleartext, false) })
        {
            string[] arguments = ["user", "add", user, "--password-stdin", "--data", data];
            (await LockboxCli.RunAsync(Password + "\n", environment, encrypt ? [.. arguments, "--encrypt"] : arguments)).EnsureSuccess();
        }

        var secret = Enumerable.Range(0, 3).Select(_ => CanaryMessage.Create(Encrypted)).ToList();
        var control = CanaryMessage.Create(Cleartext);
        await using var server = await LockboxServer.StartAsync(data, environment);
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            foreach (var (message, to) in secret.Select(m => (m, Encrypted)).Append((control, Cleartext)))
            {
                Assert.Equal(250, Assert.Single(await lmtp.SendAsync(Sender, [to], message.Bytes)).Code);
            }
        }

        using (var client = new ImapClient())
        {
            var imap = server.Listeners["imap"];
            await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);
            await client.AuthenticateAsync(Encrypted, Password, Ct);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
            var uids = await client.Inbox.SearchAsync(MailKit.Search.SearchQuery.All, Ct);
            Assert.Equal([1u, 2u, 3u], uids.Select(u => u.Id));
            for (var i = 0; i < secret.Count; i++)
            {
                await using var fetched = await client.Inbox.GetStreamAsync(uids[i], "", Ct);
                using var bytes = new MemoryStream();
                await fetched.CopyToAsync(bytes, Ct);
                Assert.Null(ByteAssert.Difference(StoredForm.Of(secret[i].Bytes, Sender, Encrypted), bytes.ToArray()));
            }

            await client.DisconnectAsync(quit: true, Ct);
        }

        Assert.Equal(0, await server.StopAsync());
        // The index went to PostgreSQL, not to a SQLite file beside the blobs.
        Assert.False(File.Exists(Path.Combine(data, "lockbox.db")));

        await CheckpointAsync(database.ConnectionString);
        var dump = await DumpAsync(database);
        var postgresDirectory = Environment.GetEnvironmentVariable(PostgresTestDatabase.DirectoryVariable)
            ?? throw new InvalidOperationException($"{PostgresTestDatabase.DirectoryVariable} is not set: the scan needs the server's directory");
        string[] canaries = [.. secret.SelectMany(m => m.Canaries), .. control.Canaries];
        var hits = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var scan in new[]
        {
            // data/ is the cluster with pg_wal; the directory above it also holds the server's socket, which is not read.
            LeakScanner.Scan(canaries, Path.Combine(postgresDirectory, "data"),
                ("pg_dump", dump), ("server log", server.Log), ("postgres.log", await ReadSharedAsync(Path.Combine(postgresDirectory, "postgres.log")))),
            LeakScanner.Scan(canaries, Path.Combine(data, "blobs")),
        })
        {
            foreach (var (canary, where) in scan)
            {
                (hits.TryGetValue(canary, out var list) ? list : hits[canary] = []).AddRange(where);
            }
        }

        var leaked = hits.Where(h => secret.Any(m => m.Canaries.Contains(h.Key))).ToDictionary();
        Assert.True(leaked.Count == 0, "leaked:\n" + LeakScanner.Describe(leaked));
        // Control: the cleartext user's Subject is in its metadata record (JSON), in PostgreSQL's files and in the dump.
        Assert.True(hits.TryGetValue(control.Canaries[0], out var seen), "the scan found no cleartext canary at all");
        Assert.Contains(seen, w => w.StartsWith(Path.Combine(postgresDirectory, "data"), StringComparison.Ordinal));
        Assert.Contains("pg_dump", seen);
    }

    /// <summary>Writes every dirty page to the data files, so the scan sees the tables, not only the WAL.</summary>
    static async Task CheckpointAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("CHECKPOINT;", connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>
    /// <c>pg_dump</c> of the test's schema, with every bytea value (dumped as <c>\x</c> hex) decoded and appended, so
    /// that a record's bytes are scanned as stored.
    /// </summary>
    static async Task<string> DumpAsync(PostgresTestDatabase database)
    {
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().First();
        var start = new ProcessStartInfo(Path.Combine(bin, "pg_dump"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--host", server.Host!, "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", server.Username!,
                "--schema", database.Schema, "--no-password", server.Database! },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, "pg_dump failed: " + await errors);
        var dump = await output;
        var decoded = new StringBuilder(dump);
        foreach (Match match in HexBytea().Matches(dump))
        {
            decoded.Append('\n').Append(Encoding.Latin1.GetString(Convert.FromHexString(match.Groups[1].Value)));
        }

        return decoded.ToString();
    }

    static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }

    [GeneratedRegex(@"\\\\x((?:[0-9a-f]{2})+)")]
    private static partial Regex HexBytea();
}
