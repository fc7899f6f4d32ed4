// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 3, "leak scan": mail for an encrypted user leaves no plaintext anywhere under the data
/// directory (SQLite db, -wal, -shm, blobs, temp files, lock file) nor in the server's log; the
/// same scan finds a cleartext user's canaries in its blobs, which proves the scan can see a leak.
/// </summary>
public sealed class LeakScanTests
{
    const string Sender = "sender@example.net";
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Password = "correct horse battery staple";

    [Fact]
    public async Task Canaries_sent_to_an_encrypted_user_are_nowhere_on_disk_or_in_the_log_while_the_cleartext_control_shows_them()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Cleartext, Password, encrypt: false);
        var secret = await CorpusWithCanariesAsync(temp.Combine("corpus-alice"), seed: 11, Encrypted);
        var control = await CorpusWithCanariesAsync(temp.Combine("corpus-bob"), seed: 12, Cleartext);

        await using var server = await LockboxServer.StartAsync(data);
        await DeliverAsync(server, Encrypted, secret);
        await DeliverAsync(server, Cleartext, control);

        // Scan the live server too: the -wal and -shm files hold the latest pages until a checkpoint.
        var live = LeakScanner.Scan(secret.Canaries, data, ("server log", server.Log));
        Assert.True(live.Count == 0, "leaked while running:\n" + LeakScanner.Describe(live));

        // DESIGN.md section 5: serve shuts down cleanly on SIGTERM (and SQLite gets to checkpoint).
        Assert.Equal(0, await server.StopAsync());
        var stopped = LeakScanner.Scan([.. secret.Canaries, .. control.Canaries], data, ("server log", server.Log));
        var leaked = stopped.Where(h => secret.Canaries.Contains(h.Key)).ToDictionary();
        Assert.True(leaked.Count == 0, "leaked:\n" + LeakScanner.Describe(leaked));

        // Where the cleartext user's mail is: blob files, or lockbox.db and its WAL for blobs stored with their rows (decision 0036).
        var stores = new[] { Path.Combine(data, "blobs") + Path.DirectorySeparatorChar, Path.Combine(data, "lockbox.db") };
        var unseen = control.Canaries.Where(c => !stopped.TryGetValue(c, out var where) || !where.Any(w => stores.Any(s => w.StartsWith(s, StringComparison.Ordinal)))).ToList();
        Assert.True(unseen.Count == 0, "the scan missed cleartext canaries: " + string.Join(", ", unseen));
    }

    /// <summary>Messages for one user: 10 from mailgen (subject and body canaries) and 3 hand-made ones (with attachment canaries).</summary>
    static async Task<CanaryMail> CorpusWithCanariesAsync(string directory, int seed, string to)
    {
        var corpus = await MailgenCorpus.GenerateAsync(directory, count: 10, seed);
        var handmade = Enumerable.Range(0, 3).Select(_ => CanaryMessage.Create(to)).ToList();
        var canaries = corpus.Messages.SelectMany(m => new[] { m.SubjectCanary, m.BodyCanary })
            .Concat(handmade.SelectMany(m => m.Canaries))
            .ToHashSet(StringComparer.Ordinal);
        return new CanaryMail([.. corpus.Messages.Select(m => m.Path)], [.. handmade.Select(m => m.Bytes)], canaries);
    }

    static async Task DeliverAsync(LockboxServer server, string recipient, CanaryMail mail)
    {
        var python = await PythonLmtp.SendAsync(server.Lmtp, Sender, [recipient], mail.Files);
        Assert.All(python, r => Assert.True(r.AllStored(1), r.ToString()));
        await using var client = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        foreach (var message in mail.Handmade)
        {
            var replies = await client.SendAsync(Sender, [recipient], message);
            Assert.Equal(250, Assert.Single(replies).Code);
        }
    }

    sealed record CanaryMail(List<string> Files, List<byte[]> Handmade, HashSet<string> Canaries);
}
