// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 4, "leak scan" for the search index (docs/decisions/0009): after delivery and IMAP searches that find
/// every subject and body canary, none of an encrypted user's canaries is anywhere under the data directory
/// or in the log; a cleartext user's body canaries are in the database, which holds them only in the search
/// index, so the scan does see the index.
/// </summary>
public sealed class SearchLeakScanTests
{
    const string Sender = "sender@example.net";
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Searched_canaries_of_an_encrypted_user_are_nowhere_on_disk_while_the_cleartext_index_shows_its_own()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Cleartext, Password, encrypt: false);
        var secret = Enumerable.Range(0, 3).Select(_ => CanaryMessage.Create(Encrypted)).ToList();
        var control = Enumerable.Range(0, 3).Select(_ => CanaryMessage.Create(Cleartext)).ToList();

        await using var server = await LockboxServer.StartAsync(data);
        await DeliverAsync(server, Encrypted, secret);
        await DeliverAsync(server, Cleartext, control);
        await SearchEveryCanaryAsync(server, Encrypted, secret);
        await SearchEveryCanaryAsync(server, Cleartext, control);

        var secretCanaries = secret.SelectMany(m => m.Canaries).ToHashSet(StringComparer.Ordinal);
        var live = LeakScanner.Scan(secretCanaries, data, ("server log", server.Log));
        Assert.True(live.Count == 0, "leaked while running:\n" + LeakScanner.Describe(live));

        Assert.Equal(0, await server.StopAsync());
        var bodies = control.Select(m => m.Canaries[1]).ToList();
        var stopped = LeakScanner.Scan([.. secretCanaries, .. bodies], data, ("server log", server.Log));
        var leaked = stopped.Where(h => secretCanaries.Contains(h.Key)).ToDictionary();
        Assert.True(leaked.Count == 0, "leaked:\n" + LeakScanner.Describe(leaked));
        var database = Path.Combine(data, "lockbox.db");
        var unseen = bodies.Where(c => !stopped.TryGetValue(c, out var where) || !where.Contains(database)).ToList();
        Assert.True(unseen.Count == 0, "the scan did not see the cleartext index: " + string.Join(", ", unseen));
    }

    static async Task DeliverAsync(LockboxServer server, string recipient, List<CanaryMessage> messages)
    {
        await using var client = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        foreach (var message in messages)
        {
            Assert.Equal(250, Assert.Single(await client.SendAsync(Sender, [recipient], message.Bytes)).Code);
        }
    }

    /// <summary>SEARCH SUBJECT and SEARCH BODY for each message's canaries (in upper case) each find exactly that message.</summary>
    static async Task SearchEveryCanaryAsync(LockboxServer server, string address, List<CanaryMessage> messages)
    {
        using var client = new ImapClient();
        var imap = server.Listeners["imap"];
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(address, Password, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        for (var i = 0; i < messages.Count; i++)
        {
            var uid = new UniqueId((uint)(i + 1));
            Assert.Equal([uid], await client.Inbox.SearchAsync(SearchQuery.SubjectContains(messages[i].Canaries[0].ToUpperInvariant()), Ct));
            Assert.Equal([uid], await client.Inbox.SearchAsync(SearchQuery.BodyContains(messages[i].Canaries[1].ToUpperInvariant()), Ct));
        }

        await client.DisconnectAsync(quit: true, Ct);
    }
}
