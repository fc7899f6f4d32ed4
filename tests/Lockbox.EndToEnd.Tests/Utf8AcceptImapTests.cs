// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// UTF8=ACCEPT (RFC 9755) with real clients, the IMAP half of internationalised mail (LMTP's SMTPUTF8 is the other):
/// MailKit enables it, creates a folder by its UTF-8 name and appends a message with UTF-8 header fields through the
/// UTF8 data item; a client that did not enable it sees the same folder in modified UTF-7; Python's imaplib enables it
/// and lists, selects and fetches by UTF-8 names. The user is encrypted, so the appended message goes through the funnel.
/// </summary>
public sealed class Utf8AcceptImapTests
{
    const string User = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_that_enables_utf8_accept_uses_utf8_names_and_appends_utf8_headers()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, User, Password, encrypt: true);
        await using var server = await LockboxServer.StartAsync(data);
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(
            "From: Jörg Müller <jörg@bücher.example>\r\nTo: alice@example.org\r\nSubject: Grüße aus Köln\r\n"
            + "Message-ID: <utf8-append@bücher.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\nLiebe Grüße\r\n")), Ct);

        var log = temp.Combine("mailkit.log");
        using (var client = await MailKitInbox.LoginAsync(server, User, Password, Ct, new ProtocolLogger(log)))
        {
            Assert.True(client.Capabilities.HasFlag(ImapCapabilities.UTF8Accept));
            await client.EnableUTF8Async(Ct);

            var personal = client.GetFolder(client.PersonalNamespaces[0]);
            var folder = await personal.CreateAsync("Grüße", true, Ct) ?? throw new InvalidOperationException("no folder");
            var nested = await folder.CreateAsync("日本語", true, Ct) ?? throw new InvalidOperationException("no folder");
            var uid = await nested.AppendAsync(message, MessageFlags.Seen, Ct);
            Assert.NotNull(uid);

            await nested.OpenAsync(FolderAccess.ReadOnly, Ct);
            var summary = Assert.Single(await nested.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.Flags, Ct));
            Assert.Equal("Grüße aus Köln", summary.Envelope!.Subject);
            Assert.Equal("jörg@bücher.example", summary.Envelope.From.Mailboxes.Single().Address);
            Assert.Equal("Liebe Grüße", (await nested.GetMessageAsync(0, Ct)).TextBody!.TrimEnd());
        }

        // MailKit sends the message as a plain literal, which RFC 9755 section 4 lets a server take; the UTF8 data item
        // with a literal8, as Thunderbird sends it, from a raw client.
        var sent = await File.ReadAllTextAsync(log, Ct);
        Assert.Contains("ENABLE UTF8=ACCEPT", sent, StringComparison.Ordinal);
        Assert.Contains("CREATE \"Grüße/日本語\"", sent, StringComparison.Ordinal);
        var raw = "From: Zoë <zoë@example.net>\r\nSubject: Ünïcödé\r\n\r\nHej\r\n";
        using (var imap = await RawImapClient.LoginAsync(server, User, Password, Ct))
        {
            Assert.Contains("* ENABLED UTF8=ACCEPT", await imap.UntaggedAsync("ENABLE UTF8=ACCEPT"), StringComparison.Ordinal);
            var reply = await imap.TaggedAsync($"APPEND \"Grüße\" UTF8 (~{{{Encoding.UTF8.GetByteCount(raw)}+}}\r\n{raw})");
            Assert.StartsWith("OK [APPENDUID", reply, StringComparison.Ordinal);
        }

        var python = await ExternalProcess.RunAsync(
            "python3",
            [ScriptPaths.ImapUtf8, server.Listeners["imap"].Address.ToString(), server.Listeners["imap"].Port.ToString(CultureInfo.InvariantCulture), User,
                "Grüße/日本語", "Café/Ünïcödé"],
            stdin: Password + "\n");
        Assert.True(python.ExitCode == 0, python.Stdout + python.Stderr);
        using var session = JsonDocument.Parse(python.Stdout);
        var root = session.RootElement;
        Assert.Contains("UTF8=ACCEPT", root.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["UTF8=ACCEPT"], root.GetProperty("enabled").EnumerateArray().Select(e => e.GetString()));
        var names = root.GetProperty("names").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains("Grüße", names);
        Assert.Contains("Grüße/日本語", names);
        Assert.Equal(1, root.GetProperty("exists").GetInt32());
        Assert.Equal("Grüße aus Köln", root.GetProperty("subject").GetString());
        Assert.Equal("\"Café/Ünïcödé\" (MESSAGES 0)", root.GetProperty("status").GetString());

        // A client that never enabled it gets the same mailboxes in modified UTF-7 (MailKit decodes them).
        using var legacy = await MailKitInbox.OpenAsync(server, User, Password, Ct);
        var top = legacy.GetFolder(legacy.PersonalNamespaces[0]);
        var folders = (await top.GetSubfoldersAsync(false, Ct)).Select(f => f.FullName).ToList();
        Assert.Contains("Grüße", folders);
        Assert.Contains("Café", folders);
        var greetings = await legacy.GetFolderAsync("Grüße", Ct);
        await greetings.OpenAsync(FolderAccess.ReadOnly, Ct);
        var appended = Assert.Single(await greetings.FetchAsync(0, -1, MessageSummaryItems.Envelope, Ct));
        Assert.Equal("Ünïcödé", appended.Envelope!.Subject);
        Assert.Equal("zoë@example.net", appended.Envelope.From.Mailboxes.Single().Address);
    }
}
