// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Storage quotas over LMTP (docs/decisions/0041), with smtplib.LMTP, which declares each message's size (RFC 1870): a
/// recipient whose quota has no room for the declared size is refused at RCPT, one whose quota the stored message would
/// pass is refused after DATA, each with its own reply (RFC 2033 section 4.2), while the other recipient gets the message.
/// A refused message leaves nothing stored.
/// </summary>
public sealed class QuotaDeliveryTests
{
    const string Full = "alice@example.org";
    const string Roomy = "bob@example.org";
    const string Password = "correct horse battery staple";
    const string Sender = "sender@example.net";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_mailbox_is_refused_at_rcpt_or_after_data_and_the_other_recipient_still_gets_the_message()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Full, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Roomy, Password, encrypt: true);
        await LockboxVerbs.QuotaAsync(data, Full, "--limit", "40K");
        await using var server = await LockboxServer.StartAsync(data);

        var first = await WriteMessageAsync(temp, "first", 20_000);
        Assert.True(Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [Full, Roomy], [first])).AllStored(2));
        var used = (await LockboxVerbs.QuotaAsync(data, Full)).Used;
        Assert.InRange(used, 20_000, 21_000);

        // 25,000 declared bytes do not fit under 40 KiB with what is stored: refused at RCPT, permanently.
        var tooBig = await WriteMessageAsync(temp, "too-big", 25_000);
        var atRcpt = Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [Full, Roomy], [tooBig]));
        Assert.Equal((552, "5.2.2"), Code(atRcpt.Replies[Full]));
        Assert.Equal(250, atRcpt.Replies[Roomy].Code);

        // Declared bytes that fit exactly; the stored message (trace headers, OpenPGP framing) does not: refused after DATA.
        // Over 64 KiB, so each copy is a blob file (docs/decisions/0036), and the refused one must not stay.
        var justOver = await WriteMessageAsync(temp, "just-over", 100_000);
        await LockboxVerbs.QuotaAsync(data, Full, "--limit", (used + new FileInfo(justOver).Length).ToString(CultureInfo.InvariantCulture));
        var afterData = Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [Full, Roomy], [justOver]));
        Assert.Equal((552, "5.2.2"), Code(afterData.Replies[Full]));
        Assert.Contains("Mailbox is full", afterData.Replies[Full].Text, StringComparison.Ordinal);
        Assert.Equal(250, afterData.Replies[Roomy].Code);

        // Nothing of either refused copy is stored: the count and the export are as after the first message, and the one
        // blob file is Bob's copy.
        Assert.Equal(used, (await LockboxVerbs.QuotaAsync(data, Full)).Used);
        Assert.Single(Directory.GetFiles(Path.Combine(data, "blobs"), "*", SearchOption.AllDirectories));
        Assert.Single(await LockboxVerbs.ExportAsync(data, Full, temp.Combine("full-export")));
        Assert.Equal(3, (await LockboxVerbs.ExportAsync(data, Roomy, temp.Combine("roomy-export"))).Count);

        // Back to the server's default (none): the same message goes in.
        var (_, limit) = await LockboxVerbs.QuotaAsync(data, Full, "--default");
        Assert.Null(limit);
        Assert.True(Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [Full], [justOver])).AllStored(1));
        Assert.Equal(2, (await LockboxVerbs.ExportAsync(data, Full, temp.Combine("full-export-2"))).Count);
    }

    [Fact]
    public async Task The_servers_default_limit_with_temporary_refusals_keeps_mail_queued_and_the_lda_says_so_too()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Full, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Roomy, Password, encrypt: false);
        // Bob has his own limit of 0: none, whatever the server's default.
        await LockboxVerbs.QuotaAsync(data, Roomy, "--limit", "0");
        var settings = new Dictionary<string, string> { ["LOCKBOX__Quota__StorageLimit"] = "30000", ["LOCKBOX__Quota__Temporary"] = "true" };
        await using var server = await LockboxServer.StartAsync(data, settings);

        var message = await WriteMessageAsync(temp, "m", 20_000);
        Assert.True(Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [Full, Roomy], [message])).AllStored(2));
        var second = Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [Full, Roomy], [message]));
        Assert.Equal((452, "4.2.2"), Code(second.Replies[Full]));
        Assert.Equal(250, second.Replies[Roomy].Code);

        // The LDA: EX_TEMPFAIL (75) under Quota:Temporary, EX_NOPERM (77) without it.
        var bytes = await File.ReadAllBytesAsync(message, Ct);
        var temporary = await LockboxCli.RunAsync(bytes, settings, "deliver", "--to", Full, "--data", data);
        Assert.Equal(75, temporary.ExitCode);
        Assert.Contains("is full", temporary.Stderr, StringComparison.Ordinal);
        var permanent = await LockboxCli.RunAsync(bytes, new Dictionary<string, string> { ["LOCKBOX__Quota__StorageLimit"] = "30000" }, "deliver", "--to", Full, "--data", data);
        Assert.Equal(77, permanent.ExitCode);
        Assert.Single(await LockboxVerbs.ExportAsync(data, Full, temp.Combine("export")));
    }

    [Fact]
    public async Task The_delivery_that_passes_the_warning_threshold_leaves_one_notice_in_the_inbox_encrypted_like_any_mail()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Full, Password, encrypt: true);
        await LockboxVerbs.QuotaAsync(data, Full, "--limit", "100K");
        await using var server = await LockboxServer.StartAsync(data, new Dictionary<string, string> { ["LOCKBOX__Quota__WarningPercent"] = "50" });

        foreach (var (name, size) in (IEnumerable<(string, int)>)[("below", 30_000), ("across", 30_000), ("above", 10_000)])
        {
            var file = await WriteMessageAsync(temp, name, size);
            Assert.True(Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [Full], [file])).AllStored(1));
        }

        // The three messages and one notice, which came right after the second: stored encrypted, and gpg opens it.
        var exported = await LockboxVerbs.ExportAndDecryptAsync(data, Full, Password, temp.Combine("export"));
        Assert.Equal(4, exported.Count);
        Assert.All(exported, e => Assert.True(e.Encrypted));
        using var client = await MailKitInbox.OpenAsync(server, Full, Password, Ct);
        var subjects = (await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope, Ct)).Select(m => m.Envelope!.Subject).ToList();
        Assert.Equal(["below", "across", "Your mailbox is 50% full", "above"], subjects);
        var notice = await client.Inbox.GetMessageAsync(2, Ct);
        Assert.Equal("postmaster@example.org", notice.From.Mailboxes.Single().Address);
        Assert.Contains("of your 0.1 MB storage limit", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("returned to its senders", notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_that_cross_the_threshold_together_leave_one_notice_and_a_mailbox_that_fills_again_is_warned_again()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Full, Password, encrypt: true);
        await LockboxVerbs.QuotaAsync(data, Full, "--limit", "100K");
        await using var server = await LockboxServer.StartAsync(data, new Dictionary<string, string> { ["LOCKBOX__Quota__WarningPercent"] = "50" });

        // Four connections at once, each with a message that alone stays under the threshold and that together pass it.
        // Each judges from the usage it read before the others were stored, so one of them or the next delivery warns;
        // the claim in the store makes it one notice, whichever it is.
        var files = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => WriteMessageAsync(temp, $"together{i}", 16_000)));
        var sent = await Task.WhenAll(files.Select(file => PythonLmtp.SendAsync(server.Lmtp, Sender, [Full], [file])));
        Assert.All(sent, s => Assert.True(Assert.Single(s).AllStored(1)));
        Assert.InRange(await NoticesAsync(server), 0, 1);
        Assert.True(Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [Full], [await WriteMessageAsync(temp, "next", 1_000)])).AllStored(1));
        Assert.Equal(1, await NoticesAsync(server));

        // Under the threshold again (three of the four expunged), then across it once more: a second notice.
        using (var client = await MailKitInbox.OpenAsync(server, Full, Password, Ct))
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
            var together = (await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.UniqueId, Ct))
                .Where(m => m.Envelope!.Subject?.StartsWith("together", StringComparison.Ordinal) == true).Select(m => m.UniqueId).Take(3).ToList();
            await client.Inbox.AddFlagsAsync(together, MessageFlags.Deleted, silent: true, Ct);
            await client.Inbox.ExpungeAsync(Ct);
        }

        foreach (var name in (string[])["under", "across again"])
        {
            var file = await WriteMessageAsync(temp, name, 20_000);
            Assert.True(Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [Full], [file])).AllStored(1));
        }

        Assert.Equal(2, await NoticesAsync(server));
    }

    static async Task<int> NoticesAsync(LockboxServer server)
    {
        using var client = await MailKitInbox.OpenAsync(server, Full, Password, Ct);
        var subjects = (await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope, Ct)).Select(m => m.Envelope!.Subject);
        return subjects.Count(s => s == "Your mailbox is 50% full");
    }

    [Fact]
    public async Task An_import_stops_at_the_quota_says_why_and_resumes_once_there_is_room()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Full, Password, encrypt: true);
        await LockboxVerbs.QuotaAsync(data, Full, "--limit", "50K");
        var mbox = new StringBuilder();
        foreach (var name in (string[])["one", "two", "three"])
        {
            mbox.Append("From sender@example.net Mon Nov 30 10:00:00 2026\n")
                .Append((await File.ReadAllTextAsync(await WriteMessageAsync(temp, name, 20_000), Ct)).Replace("\r\n", "\n", StringComparison.Ordinal))
                .Append('\n');
        }

        var file = temp.Combine("mail.mbox");
        await File.WriteAllTextAsync(file, mbox.ToString(), Ct);

        var stopped = await LockboxCli.RunAsync((string?)null, "import", Full, "mbox", file, "--data", data);
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("Mailbox is full", stopped.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await LockboxVerbs.ExportAsync(data, Full, temp.Combine("export-1"))).Count);

        await LockboxVerbs.QuotaAsync(data, Full, "--limit", "0");
        (await LockboxCli.RunAsync((string?)null, "import", Full, "mbox", file, "--data", data)).EnsureSuccess();
        Assert.Equal(3, (await LockboxVerbs.ExportAsync(data, Full, temp.Combine("export-2"))).Count);
    }

    [Fact]
    public async Task A_size_the_cli_cannot_read_is_refused_with_the_reason()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Full, Password, encrypt: false);

        var bad = await LockboxCli.RunAsync((string?)null, "user", "quota", Full, "--limit", "12Q", "--data", data);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("not a size: 12Q", bad.Stderr, StringComparison.Ordinal);
        var unknown = await LockboxCli.RunAsync((string?)null, "user", "quota", "nobody@example.org", "--limit", "1G", "--data", data);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no such user", unknown.Stderr, StringComparison.Ordinal);
        var shown = await LockboxVerbs.QuotaAsync(data, Full, "--limit", "2G");
        Assert.Equal((0L, 2L << 30), (shown.Used, shown.Limit));
        var listed = (await LockboxCli.RunAsync((string?)null, "user", "list", "--data", data)).EnsureSuccess().Stdout;
        Assert.Equal($"{Full}\tnone\t-\t-\t-\tstored 0\tlimit {2L << 30}\n", listed);
    }

    static async Task<string> WriteMessageAsync(TempDirectory temp, string name, int size)
    {
        var file = temp.Combine(name + ".eml");
        await File.WriteAllTextAsync(file, SizedMessage.Text(Sender, Full, name, size), Ct);
        return file;
    }

    static (int Code, string Enhanced) Code((int Code, string Text) reply) => (reply.Code, reply.Text.Split(' ')[0]);
}
