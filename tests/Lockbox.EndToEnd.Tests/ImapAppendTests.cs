// SPDX-License-Identifier: MIT
using System.Text;
using System.Text.Json;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 4 through the real `lockbox serve`: a scripted Python imaplib session of a mail client's operations
/// (Scripts/imap_session.py), and the leak scan after it: APPEND goes through the delivery funnel, so an
/// encrypted user's Sent mail leaves no plaintext on disk, while the cleartext control shows the scan can see it.
/// </summary>
public sealed class ImapAppendTests
{
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Password = "correct horse battery staple";

    [Fact]
    public async Task Python_imaplib_runs_a_whole_client_session_from_login_to_logout_with_IDLE_woken_over_LMTP()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        var message = CanaryMessage.Create(Encrypted);
        var file = temp.Combine("message.eml");
        await File.WriteAllBytesAsync(file, message.Bytes, TestContext.Current.CancellationToken);
        await using var server = await LockboxServer.StartAsync(data);

        using var session = await PythonImapSession.RunAsync(server, Encrypted, Password, "Lists/Python", file, message.Canaries[0], message.Canaries[1]);

        var root = session.RootElement;
        Assert.Equal(
            ["LOGIN", "CREATE", "APPEND", "APPEND Sent", "SELECT", "FETCH", "FETCH items", "FETCH HEADER.FIELDS", "FETCH TEXT", "FETCH 1", "FETCH partial",
                "STORE", "SEARCH KEYWORD", "SEARCH NOT KEYWORD", "SEARCH SUBJECT", "SEARCH BODY", "SEARCH FLAGGED SEEN", "SEARCH OR", "SEARCH NOT OR", "SEARCH FROM",
                "UID SEARCH", "UID COPY", "UID MOVE", "SEARCH ALL", "SELECT Sent", "STORE Sent", "EXPUNGE", "UID SEARCH Sent", "SELECT INBOX", "IDLE", "FETCH new",
                "CLOSE", "RENAME", "DELETE", "LOGOUT"],
            root.GetProperty("steps").EnumerateArray().Select(s => s[0].GetString()));
        Assert.Contains(@"\Sent", Strings(root.GetProperty("listed").GetProperty("Sent")));
        Assert.Contains(@"\Archive", Strings(root.GetProperty("listed").GetProperty("Archive")));

        // The stored message is the appended bytes exactly: no trace headers for APPEND. Sections as MimeKit cuts them.
        var sections = MimeSlices.Of(message.Bytes).ToDictionary(s => s.Section, s => Encoding.Latin1.GetString(s.Expected));
        Assert.Equal(Encoding.Latin1.GetString(message.Bytes), Text(root, "fetched"));
        Assert.Equal(sections["HEADER.FIELDS (FROM SUBJECT)"], Text(root, "header_fields"));
        Assert.Equal(sections["TEXT"], Text(root, "body_text"));
        Assert.Equal(sections["1"], Text(root, "part_1"));
        Assert.Equal(Encoding.Latin1.GetString(message.Bytes, 10, 20), Text(root, "partial"));
        Assert.Contains(@"\Seen", Text(root, "fetch_flags"), StringComparison.Ordinal);
        Assert.Contains(@"\Flagged", Text(root, "fetch_flags"), StringComparison.Ordinal);
        var items = Text(root, "fetch_items");
        foreach (var item in new[] { "UID 1", $"RFC822.SIZE {message.Bytes.Length}", "INTERNALDATE \"14-Nov-2023 22:13:20 +0000\"", $"\"quarterly figures {message.Canaries[0]}\"", "\"mixed\"" })
        {
            Assert.Contains(item, items, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("$Python", Text(root, "stored_flags"), StringComparison.Ordinal);
        var search = root.GetProperty("search");
        foreach (var (key, expected) in new[] { ("keyword", "1"), ("not_keyword", ""), ("subject", "1"), ("body", "1"), ("flags", "1"), ("or", "1"), ("not_or", ""), ("from", "1"), ("uid_set", "1") })
        {
            Assert.True(string.Join(' ', Strings(search.GetProperty(key))) == expected, $"SEARCH {key}: {search.GetProperty(key)}");
        }

        Assert.Equal(["1", "2"], Strings(root.GetProperty("copyuid")).Skip(1));
        Assert.Equal(["1", "1"], Strings(root.GetProperty("moveuid")).Skip(1));
        Assert.Empty(Strings(root.GetProperty("after_move")));
        Assert.Equal(2, root.GetProperty("sent_exists").GetInt32());
        Assert.Equal(["2"], Strings(root.GetProperty("expunged")));
        Assert.Equal(["1"], Strings(root.GetProperty("after_expunge")));

        // IDLE: the LMTP delivery shows up as EXISTS within seconds, and the new message fetches as delivered.
        Assert.Equal(0, root.GetProperty("inbox_exists").GetInt32());
        var idle = root.GetProperty("idle");
        Assert.Equal(1, idle.GetProperty("exists").GetInt32());
        Assert.InRange(idle.GetProperty("seconds").GetDouble(), 0, 5);
        Assert.Contains(" OK ", idle.GetProperty("tagged").GetString(), StringComparison.Ordinal);
        Assert.Contains("UID 1", Text(root, "idle_fetch_uid"), StringComparison.Ordinal);
        Assert.Equal(Encoding.Latin1.GetString(StoredForm.Of(message.Bytes, "sender@example.net", Encrypted)), Text(root, "idle_fetched"));

        Assert.Equal("1", root.GetProperty("appenduid")[1].GetString());
        Assert.Equal("1", root.GetProperty("sent_appenduid")[1].GetString());
        Assert.Contains("Lists/Python-renamed", Strings(root.GetProperty("after_rename")));
        Assert.DoesNotContain("Lists/Python", Strings(root.GetProperty("after_rename")));
        Assert.DoesNotContain("Lists/Python-renamed", Strings(root.GetProperty("after_delete")));
        Assert.Contains("Lists", Strings(root.GetProperty("after_delete")));
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

        // Each session appends to a new folder (later deleted) and to Sent, fetches, searches, stores, copies,
        // moves and expunges, and has the message delivered over LMTP while it idles.
        (await PythonImapSession.RunAsync(server, Encrypted, Password, "Canaries", temp.Combine("secret.eml"), secret.Canaries[0], secret.Canaries[1])).Dispose();
        (await PythonImapSession.RunAsync(server, Cleartext, Password, "Canaries", temp.Combine("control.eml"), control.Canaries[0], control.Canaries[1])).Dispose();

        var live = LeakScanner.Scan(secret.Canaries, data, ("server log", server.Log));
        Assert.True(live.Count == 0, "leaked while running:\n" + LeakScanner.Describe(live));
        Assert.Equal(0, await server.StopAsync());
        var stopped = LeakScanner.Scan([.. secret.Canaries, .. control.Canaries], data, ("server log", server.Log));
        var leaked = stopped.Where(h => secret.Canaries.Contains(h.Key)).ToDictionary();
        Assert.True(leaked.Count == 0, "leaked:\n" + LeakScanner.Describe(leaked));

        // Where the cleartext user's mail is: blob files, or lockbox.db and its WAL for blobs stored with their rows (decision 0036).
        var stores = new[] { Path.Combine(data, "blobs") + Path.DirectorySeparatorChar, Path.Combine(data, "lockbox.db") };
        var unseen = control.Canaries.Where(c => !stopped.TryGetValue(c, out var where) || !where.Any(w => stores.Any(s => w.StartsWith(s, StringComparison.Ordinal)))).ToList();
        Assert.True(unseen.Count == 0, "the scan missed cleartext canaries: " + string.Join(", ", unseen));
    }

    static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(n => n.GetString())];

    static string? Text(JsonElement root, string property) => root.GetProperty(property).GetString();
}
