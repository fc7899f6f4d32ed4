// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 7, "leak scan on PostgreSQL", with two nodes (docs/decisions/0029): canaries delivered to an encrypted user
/// through both nodes and read back on one are nowhere in a <c>pg_dump</c> of the database (written into the scanned
/// area), PostgreSQL's data directory (WAL included) and its log, the nodes' data directories, the shared blob
/// directory, or the nodes' logs. A cleartext user's canaries, delivered alongside, are found in the dump and in
/// PostgreSQL's files, which proves the scan sees what is there.
/// </summary>
public sealed class SeveralNodesLeakScanTests
{
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Canaries_delivered_through_two_nodes_are_in_no_dump_file_or_log_of_postgres_or_the_nodes_while_the_cleartext_control_shows_them()
    {
        await using var nodes = await PostgresNodes.CreateAsync(Ct);
        await nodes.AddUserAsync(Encrypted, Password, encrypt: true);
        await nodes.AddUserAsync(Cleartext, Password, encrypt: false);
        var (a, b) = await nodes.StartBothAsync();
        LockboxServer[] started = [a, b];
        var secret = Enumerable.Range(0, 4).Select(_ => CanaryMessage.Create(Encrypted)).ToList();
        var control = Enumerable.Range(0, 2).Select(_ => CanaryMessage.Create(Cleartext)).ToList();
        for (var i = 0; i < secret.Count; i++)
        {
            await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(started[i % 2].Lmtp);
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync(NodeMessage.Sender, [Encrypted], secret[i].Bytes)).Code);
            if (i < control.Count)
            {
                Assert.Equal(250, Assert.Single(await lmtp.SendAsync(NodeMessage.Sender, [Cleartext], control[i].Bytes)).Code);
            }
        }

        // A login on B re-wraps the new mail under the mailbox key and fills the index: those writes are scanned too.
        using (var client = new ImapClient())
        {
            var imap = started[1].Listeners["imap"];
            await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);
            await client.AuthenticateAsync(Encrypted, Password, Ct);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
            Assert.Equal(secret.Count, client.Inbox.Count);
            var found = await client.Inbox.SearchAsync(MailKit.Search.SearchQuery.BodyContains(secret[0].Canaries[1]), Ct);
            Assert.Single(found);
            await client.DisconnectAsync(quit: true, Ct);
        }

        foreach (var node in started)
        {
            Assert.Equal(0, await node.StopAsync());
        }

        await nodes.Database.CheckpointAsync(Ct);
        var dump = Path.Combine(nodes.Root, "scan", "pg_dump.sql");
        Directory.CreateDirectory(Path.GetDirectoryName(dump)!);
        await nodes.Database.DumpAsync(dump, Ct);
        var postgres = PostgresOwnDatabase.ServerDirectory;
        string[] canaries = [.. secret.SelectMany(m => m.Canaries), .. control.SelectMany(m => m.Canaries)];
        var hits = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var scan in new[]
        {
            // The nodes' data directories, the shared blobs and the dump; the nodes' logs.
            LeakScanner.Scan(canaries, nodes.Root, ("node a log", started[0].Log), ("node b log", started[1].Log)),
            // data/ is the cluster with pg_wal; the directory above it also holds the server's socket, which is not read.
            LeakScanner.Scan(canaries, Path.Combine(postgres, "data"), ("postgres.log", await ReadSharedAsync(Path.Combine(postgres, "postgres.log")))),
        })
        {
            foreach (var (canary, where) in scan)
            {
                (hits.TryGetValue(canary, out var list) ? list : hits[canary] = []).AddRange(where);
            }
        }

        var leaked = hits.Where(h => secret.Any(m => m.Canaries.Contains(h.Key))).ToDictionary();
        Assert.True(leaked.Count == 0, "leaked:\n" + LeakScanner.Describe(leaked));
        Assert.True(hits.TryGetValue(control[0].Canaries[0], out var seen), "the scan found no cleartext canary at all");
        Assert.Contains(dump, seen);
        Assert.Contains(seen, w => w.StartsWith(Path.Combine(postgres, "data"), StringComparison.Ordinal));
    }

    static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }
}
