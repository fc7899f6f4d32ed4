// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 8, item 3, disk full (docs/decisions/0035): the real <c>lockbox serve</c> with its data directory (the SQLite
/// database and its WAL) on one small tmpfs and its blobs (Store:BlobDirectory) on another. Each is filled to the last
/// byte in turn while LMTP delivers: every delivery that cannot be stored gets 4xx, no half-written blob stays behind,
/// IMAP APPEND gets NO, the server keeps running, and once the filler file is deleted delivery works again. At the
/// end every message ever acknowledged with 250 reads back byte for byte, and nothing else is there.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    const string User = "alice@fault.example";
    const string Password = "disk full password";
    const string Filler = "filler";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_disk_defers_delivery_with_4xx_loses_nothing_acknowledged_and_delivery_resumes_once_space_is_freed()
    {
        var clock = Stopwatch.StartNew();
        using var work = new TempDirectory();
        await using var data = await TmpfsMount.MountAsync(work.Combine("data"), 16 * 1024);
        await using var blobs = await TmpfsMount.MountAsync(work.Combine("blobs"), 4 * 1024);
        // Every blob a file (no blob stored with its row, decision 0036): a small message needs the blob filesystem too.
        var environment = new Dictionary<string, string> { ["LOCKBOX__Store__BlobDirectory"] = blobs.Path, ["LOCKBOX__Store__InlineBlobBytes"] = "0" };
        (await LockboxCli.RunAsync(Password + "\n", environment, "user", "add", User, "--data", data.Path, "--password-stdin", "--encrypt")).EnsureSuccess();
        await using var server = await LockboxServer.StartAsync(data.Path, environment);
        var acknowledged = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        for (var i = 0; i < 5; i++)
        {
            await ExpectStoredAsync(lmtp, $"before{i}", 2000, acknowledged);
        }

        // An IMAP session opened while there is space: a full disk must not break the one already logged in.
        using var imap = new ImapClient();
        await imap.ConnectAsync(server.Listeners["imap"].Address.ToString(), server.Listeners["imap"].Port, SecureSocketOptions.None, Ct);
        await imap.AuthenticateAsync(User, Password, Ct);
        await imap.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);

        // 1. The blob filesystem is full: the ciphertext cannot be written. A message that fits the write buffer fails at the
        // flush before fsync, a larger one at a write while it streams in; both are deferred, and no temp file is left.
        var blobFiller = blobs.Fill(Filler);
        output.WriteLine($"blob tmpfs filled with {blobFiller} bytes");
        foreach (var (id, size) in new[] { ("blobfull-small", 2000), ("blobfull-large", 300_000), ("blobfull-again", 2000) })
        {
            await ExpectDeferredAsync(lmtp, id, size);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(blobs.Path, "tmp")));
        var append = await Assert.ThrowsAsync<ImapCommandException>(() => imap.Inbox.AppendAsync(new AppendRequest(Mime("append-full")), Ct));
        Assert.Equal(ImapCommandResponse.No, append.Response);
        output.WriteLine($"APPEND on a full disk: NO {append.ResponseText}");
        Assert.Empty(Directory.GetFiles(Path.Combine(blobs.Path, "tmp")));

        blobs.Free(Filler);
        await ExpectStoredAsync(lmtp, "blobfreed", 2000, acknowledged);

        // 2. The database's filesystem is full: the blob is written, but the row's commit cannot grow the WAL (or a
        // checkpoint cannot grow the database). Deliver until that happens; what was acknowledged meanwhile counts.
        var dataFiller = data.Fill(Filler);
        output.WriteLine($"data tmpfs filled with {dataFiller} bytes");
        LmtpResponse? deferred = null;
        for (var i = 0; i < 400 && deferred is null; i++)
        {
            var id = $"dbfull{i:D3}";
            var message = FaultMail.Create(id, User, 2000);
            var reply = await FaultMail.DeliverAsync(lmtp, User, message);
            if (reply.Code == 250)
            {
                acknowledged[id] = message;
            }
            else
            {
                deferred = reply;
            }
        }

        Assert.NotNull(deferred);
        output.WriteLine($"database full after {acknowledged.Count} acknowledged messages: {deferred}");
        AssertStorageFull(deferred);
        await ExpectDeferredAsync(lmtp, "dbfull-again", 2000);
        Assert.Empty(Directory.GetFiles(Path.Combine(blobs.Path, "tmp")));

        // A flag change on the full database: refused with NO [UNAVAILABLE] (RFC 5530) and the session goes on, or done;
        // never half done, never the session's end, and the next session sees the same flags.
        var first = (await imap.Inbox.SearchAsync(MailKit.Search.SearchQuery.All, Ct))[0];
        var flagged = await TryStoreAsync(() => imap.Inbox.AddFlagsAsync(first, MessageFlags.Flagged, silent: true, Ct));
        output.WriteLine($"STORE +FLAGS on a full disk: {flagged}");
        Assert.False(flagged.StartsWith("BYE", StringComparison.Ordinal), flagged);
        Assert.NotEmpty(await imap.Inbox.SearchAsync(MailKit.Search.SearchQuery.All, Ct));

        data.Free(Filler);
        await ExpectStoredAsync(lmtp, "dbfreed", 2000, acknowledged);
        using (var again = new ImapClient())
        {
            await again.ConnectAsync(server.Listeners["imap"].Address.ToString(), server.Listeners["imap"].Port, SecureSocketOptions.None, Ct);
            await again.AuthenticateAsync(User, Password, Ct);
            await again.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
            var before = (await again.Inbox.FetchAsync([first], MessageSummaryItems.Flags, Ct))[0].Flags!.Value;
            Assert.Equal(flagged == "OK", before.HasFlag(MessageFlags.Flagged));
            await again.Inbox.AddFlagsAsync(first, MessageFlags.Seen, silent: true, Ct);
            var after = (await again.Inbox.FetchAsync([first], MessageSummaryItems.Flags, Ct))[0].Flags!.Value;
            Assert.Equal(before | MessageFlags.Seen, after);
            await again.Inbox.AppendAsync(new AppendRequest(Mime("append-freed")), Ct);
            await again.DisconnectAsync(quit: true, Ct);
        }

        var appended = new Dictionary<string, byte[]> { ["append-freed"] = AppendedBytes("append-freed") };
        await FaultMail.AssertInboxHoldsExactlyAsync(server.Listeners["imap"], User, Password, acknowledged, appended, Ct);
        Assert.Equal(0, await server.StopAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(blobs.Path, "tmp")));
        output.WriteLine($"{acknowledged.Count} messages intact; {clock.Elapsed.TotalSeconds:F1} s");
    }

    static async Task ExpectStoredAsync(RawLmtpClient lmtp, string id, int size, Dictionary<string, byte[]> acknowledged)
    {
        var message = FaultMail.Create(id, User, size);
        var reply = await FaultMail.DeliverAsync(lmtp, User, message);
        Assert.True(reply.Code == 250, $"{id}: {reply}");
        acknowledged[id] = message;
    }

    async Task ExpectDeferredAsync(RawLmtpClient lmtp, string id, int size)
    {
        var reply = await FaultMail.DeliverAsync(lmtp, User, FaultMail.Create(id, User, size));
        output.WriteLine($"{id}: {reply}");
        AssertStorageFull(reply);
    }

    /// <summary>
    /// RFC 5321 section 4.2.3: 452 "insufficient system storage", a 4yz the MTA retries; RFC 3463 X.3.1 "mail system full".
    /// </summary>
    static void AssertStorageFull(LmtpResponse reply)
    {
        Assert.True(reply.Code == 452, reply.ToString());
        Assert.StartsWith("4.3.1 ", reply.Text, StringComparison.Ordinal);
    }

    /// <summary>"OK", "NO text" or "BYE text": how the server answered a command.</summary>
    static async Task<string> TryStoreAsync(Func<Task> command)
    {
        try
        {
            await command();
            return "OK";
        }
        catch (ImapCommandException e) when (e.Response == ImapCommandResponse.No)
        {
            return "NO " + e.ResponseText;
        }
        catch (ImapProtocolException e)
        {
            return "BYE " + e.Message;
        }
    }

    static MimeMessage Mime(string id) => MimeMessage.Load(new MemoryStream(AppendedBytes(id)));

    static byte[] AppendedBytes(string id) => FaultMail.Create(id, User, 500);
}
