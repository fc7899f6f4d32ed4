// SPDX-License-Identifier: MIT
using System.Text;
using System.Text.Json;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 4 through the real `lockbox serve`: a scripted Python imaplib session (mailbox management and
/// APPEND), and the leak scan for appended mail: APPEND goes through the delivery funnel, so an encrypted
/// user's Sent mail leaves no plaintext on disk, while the cleartext control shows the scan can see it.
/// </summary>
public sealed class ImapAppendTests
{
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Password = "correct horse battery staple";

    [Fact]
    public async Task Python_imaplib_session_creates_appends_fetches_renames_and_deletes()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        var message = CanaryMessage.Create(Encrypted);
        var file = temp.Combine("message.eml");
        await File.WriteAllBytesAsync(file, message.Bytes, TestContext.Current.CancellationToken);
        await using var server = await LockboxServer.StartAsync(data);

        using var session = await PythonImapSession.RunAsync(server.Listeners["imap"], Encrypted, Password, "Lists/Python", file);

        var root = session.RootElement;
        Assert.Equal(
            ["LOGIN", "CREATE", "APPEND", "APPEND Sent", "SELECT", "FETCH", "CLOSE", "RENAME", "DELETE", "LOGOUT"],
            root.GetProperty("steps").EnumerateArray().Select(s => s[0].GetString()));
        Assert.Contains("Sent", Names(root, "listed"));
        // The stored message is the appended bytes exactly: no trace headers for APPEND.
        Assert.Equal(Encoding.Latin1.GetString(message.Bytes), root.GetProperty("fetched").GetString());
        Assert.Contains(@"\Seen", root.GetProperty("fetch_flags").GetString(), StringComparison.Ordinal);
        Assert.Contains(@"\Flagged", root.GetProperty("fetch_flags").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, root.GetProperty("appenduid")[1].GetInt64());
        Assert.Equal(1, root.GetProperty("sent_appenduid")[1].GetInt64());
        Assert.Contains("Lists/Python-renamed", Names(root, "after_rename"));
        Assert.DoesNotContain("Lists/Python", Names(root, "after_rename"));
        Assert.DoesNotContain("Lists/Python-renamed", Names(root, "after_delete"));
        Assert.Contains("Lists", Names(root, "after_delete"));
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task Canaries_appended_by_an_encrypted_user_are_nowhere_on_disk_while_the_cleartext_control_shows_them()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Cleartext, Password, encrypt: false);
        var secret = CanaryMessage.Create(Encrypted);
        var control = CanaryMessage.Create(Cleartext);
        await File.WriteAllBytesAsync(temp.Combine("secret.eml"), secret.Bytes, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(temp.Combine("control.eml"), control.Bytes, TestContext.Current.CancellationToken);
        await using var server = await LockboxServer.StartAsync(data);

        // Each session appends to a new folder (later deleted) and to Sent, and fetches the message back.
        (await PythonImapSession.RunAsync(server.Listeners["imap"], Encrypted, Password, "Canaries", temp.Combine("secret.eml"))).Dispose();
        (await PythonImapSession.RunAsync(server.Listeners["imap"], Cleartext, Password, "Canaries", temp.Combine("control.eml"))).Dispose();

        var live = LeakScanner.Scan(secret.Canaries, data, ("server log", server.Log));
        Assert.True(live.Count == 0, "leaked while running:\n" + LeakScanner.Describe(live));
        Assert.Equal(0, await server.StopAsync());
        var stopped = LeakScanner.Scan([.. secret.Canaries, .. control.Canaries], data, ("server log", server.Log));
        var leaked = stopped.Where(h => secret.Canaries.Contains(h.Key)).ToDictionary();
        Assert.True(leaked.Count == 0, "leaked:\n" + LeakScanner.Describe(leaked));

        var blobs = Path.Combine(data, "blobs") + Path.DirectorySeparatorChar;
        var unseen = control.Canaries.Where(c => !stopped.TryGetValue(c, out var where) || !where.Any(w => w.StartsWith(blobs, StringComparison.Ordinal))).ToList();
        Assert.True(unseen.Count == 0, "the scan missed cleartext canaries: " + string.Join(", ", unseen));
    }

    static List<string?> Names(JsonElement root, string property) =>
        [.. root.GetProperty(property).EnumerateArray().Select(n => n.GetString())];
}
