// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Data.Sqlite;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 5, "opt-in migration": a cleartext user with 500 messages opts in with <c>user encrypt</c> while the server runs;
/// the run is killed (SIGKILL) part-way and run again. Afterwards no canary is anywhere under the data directory, IMAP
/// returns every message byte-identical under the same UIDs and UIDVALIDITY, and mail delivered during and after the
/// opt-in is encrypted (gpg's <c>--list-packets</c> on the stored files).
/// </summary>
public sealed class UserEncryptTests
{
    const string Address = "carol@example.org";
    const string Password = "carol password";
    const int Messages = 500;
    const int Copied = 5;

    [Fact]
    public async Task A_killed_opt_in_run_continues_and_ends_with_no_cleartext_on_disk_and_every_message_byte_identical_over_imap()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: false);
        await using var server = await LockboxServer.StartAsync(data.Path);
        var mail = Enumerable.Range(0, Messages).Select(_ => CanaryMessage.Create(Address)).ToList();
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            foreach (var message in mail)
            {
                Assert.Equal(250, (await lmtp.SendAsync("sender@example.net", [Address], message.Bytes)).Single().Code);
            }
        }

        // A client that stays logged in through the opt-in: the shared state it keeps open holds no key.
        using var early = await LoginAsync(server, cancel);
        var before = await ReadAllAsync(early, cancel);
        await early.Inbox.OpenAsync(FolderAccess.ReadWrite, cancel);
        await early.Inbox.CopyToAsync([.. before.Inbox.Keys.Take(Copied).Select(u => new UniqueId(u))], await early.GetFolderAsync("Archive", cancel), cancel);
        await early.Inbox.CloseAsync(false, cancel);
        before = await ReadAllAsync(early, cancel);
        Assert.Equal(Messages, before.Inbox.Count);
        Assert.Equal(Copied, before.Archive.Count);

        var killedAt = await StartAndKillPartWayAsync(data, Address, Password, Messages / 4, cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"killed with {killedAt} of {Messages + Copied} rows encrypted");
        Assert.InRange(killedAt, 1, Messages + Copied - 1);
        var during = CanaryMessage.Create(Address);
        await DeliverAsync(server, during);

        // A session with the key, open across the rest of the job: it reads the half-migrated mailboxes, then (its
        // cached rows naming blobs the job replaces) the same messages after the job.
        using var middle = await LoginAsync(server, cancel);
        AssertSame(before, await ReadAllAsync(middle, cancel));
        var resumed = CliAssert.Succeeds(await data.RunAsync(Password + "\n", "user", "encrypt", Address, "--password-stdin"));
        Assert.Contains("continuing the encryption of " + Address, resumed.Stdout, StringComparison.Ordinal);
        AssertSame(before, await ReadAllAsync(middle, cancel));
        var after = CanaryMessage.Create(Address);
        await DeliverAsync(server, after);
        var again = CliAssert.FailsWithOneLine(await data.RunAsync(Password + "\n", "user", "encrypt", Address, "--password-stdin"), 1);
        Assert.Contains("encryption on already", again, StringComparison.Ordinal);

        await early.NoOpAsync(cancel);
        using (var late = await LoginAsync(server, cancel))
        {
            var now = await ReadAllAsync(late, cancel);
            AssertSame(before, now);
            Assert.Equal(Messages + 2, now.Inbox.Count);
            await late.DisconnectAsync(true, cancel);
        }

        await middle.DisconnectAsync(true, cancel);
        await early.DisconnectAsync(true, cancel);
        Assert.Equal(0, await server.StopAsync());

        var rows = data.Inspector.MessagesOf(Address);
        Assert.Equal(Messages + Copied + 2, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsEncrypted, $"{r.Mailbox} {r.Uid} is still cleartext"));
        Assert.Equal(rows.Select(r => r.BlobId).ToHashSet(StringComparer.Ordinal), data.Inspector.StoredBlobs());
        Assert.Empty(data.Inspector.TempFiles());
        var inbox = rows.Where(r => r.Mailbox == "INBOX").ToList();
        foreach (var (_, _, blob, _) in inbox.TakeLast(2))
        {
            Assert.Single(await KeyRotateTests.RecipientKeyIdsAsync(data.Inspector.BlobAsFile(blob, data.Scratch(""))));
        }

        var canaries = mail.Append(during).Append(after).SelectMany(m => m.Canaries).ToList();
        var hits = LeakScanner.Scan(canaries, data.Path, ("server log", server.Log));
        Assert.True(hits.Count == 0, "cleartext left:\n" + LeakScanner.Describe(hits));
    }

    [Fact]
    public async Task A_session_opened_before_the_opt_in_is_told_to_log_in_again_when_it_meets_the_encrypted_mail()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: false);
        await using var server = await LockboxServer.StartAsync(data.Path);
        var message = CanaryMessage.Create(Address);
        await DeliverAsync(server, message);
        using var early = await LoginAsync(server, cancel);
        string? alert = null;
        early.Alert += (_, e) => alert = e.Message;
        await early.Inbox.OpenAsync(FolderAccess.ReadOnly, cancel);

        CliAssert.Succeeds(await data.RunAsync(Password + "\n", "user", "encrypt", Address, "--password-stdin"));

        // The session holds no key, and its mail is now encrypted: a clear BYE [ALERT], not "Internal error".
        await Assert.ThrowsAnyAsync<Exception>(() => early.Inbox.GetMessageAsync(0, cancel));
        Assert.False(early.IsConnected);
        Assert.Equal("the mailbox was encrypted after this session began; log in again to read it", alert);
        Assert.DoesNotContain("internal error", server.Log, StringComparison.OrdinalIgnoreCase);

        using var again = await LoginAsync(server, cancel);
        await again.Inbox.OpenAsync(FolderAccess.ReadOnly, cancel);
        await using var fetched = await again.Inbox.GetStreamAsync(0, "", cancel);
        using var bytes = new MemoryStream();
        await fetched.CopyToAsync(bytes, cancel);
        Assert.Contains(message.Canaries[0], System.Text.Encoding.UTF8.GetString(bytes.ToArray()), StringComparison.Ordinal);
        await again.DisconnectAsync(true, cancel);
    }

    [Fact]
    public async Task The_consent_text_comes_first_and_the_audit_log_names_who_agreed_to_which_version()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: false);
        await data.DeliverAsync(Address, CliDataDirectory.Message("before-opt-in"));

        var encrypted = CliAssert.Succeeds(await data.RunAsync(Password + "\n", "user", "encrypt", Address, "--password-stdin"));

        var lines = encrypted.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("encryption v1: Lockbox will create an encryption key", lines[0], StringComparison.Ordinal);
        Assert.Equal($"encryption on for {Address}: 1 existing messages encrypted, their cleartext removed", lines[^1]);
        var audit = CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", Address)).Stdout;
        Assert.Contains("encryption-enabled", audit, StringComparison.Ordinal);
        Assert.Contains("an administrator with the user's password agreed to encryption v1", audit, StringComparison.Ordinal);
        Assert.Contains("\tencrypted\t", CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout, StringComparison.Ordinal);
        Assert.EndsWith("The body of before-opt-in.\r\n", Assert.Single(await data.ExportAndDecryptAsync(Address, Password)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("carol@example.org", "wrong password", "the password is wrong")]
    [InlineData("nobody@example.org", Password, "no such user: nobody@example.org")]
    [InlineData("dave@example.org", Password, "dave@example.org has encryption on already")]
    public async Task A_refused_opt_in_is_one_line_and_changes_nothing(string address, string password, string error)
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: false);
        await data.AddUserAsync("dave@example.org", Password, encrypt: true);
        var users = CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout;

        var line = CliAssert.FailsWithOneLine(await data.RunAsync(password + "\n", "user", "encrypt", address, "--password-stdin"), 1);

        Assert.Equal("lockbox: " + error, line);
        Assert.Equal(users, CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout);
    }

    /// <summary>
    /// Starts <c>user encrypt</c> and kills it (SIGKILL) once <paramref name="killAt"/> rows are encrypted; returns how many were.
    /// The job is far faster than a poll, so it runs in short slices: frozen (SIGSTOP) while the test counts, so it cannot
    /// finish between the look and the kill, and killed wherever the slice left it.
    /// </summary>
    internal static async Task<int> StartAndKillPartWayAsync(CliDataDirectory data, string address, string password, int killAt, CancellationToken cancel)
    {
        using var process = Process.Start(LockboxCli.StartInfo(["user", "encrypt", address, "--password-stdin", "--data", data.Path], LockboxCli.NoEnvironment))
            ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.StandardInput.WriteAsync(password + "\n");
        process.StandardInput.Close();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                Assert.Fail($"user encrypt ended before it could be killed part-way: {await stdout}{await stderr}");
            }

            ProcessSignals.Freeze(process.Id);
            // Well into the job (the caller says where), with most of it still to do after the kill.
            if (EncryptedOrNull(data, address) >= killAt)
            {
                ProcessSignals.KillNow(process.Id);
                await process.WaitForExitAsync(cancel);
                return data.Inspector.MessagesOf(address).Count(r => r.IsEncrypted);
            }

            ProcessSignals.Resume(process.Id);
            await Task.Delay(2, cancel);
        }

        process.Kill();
        throw new TimeoutException("user encrypt encrypted nothing within a minute");
    }

    /// <summary>
    /// How many of the user's rows are encrypted, or null when SQLite cannot read the WAL now: the job, frozen by SIGSTOP, may
    /// be stopped in the middle of updating the WAL index, and a reader then gives up with SQLITE_PROTOCOL (or BUSY). The
    /// caller resumes the job and looks again.
    /// </summary>
    static int? EncryptedOrNull(CliDataDirectory data, string address)
    {
        try
        {
            return data.Inspector.MessagesOf(address).Count(r => r.IsEncrypted);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 15)
        {
            return null;
        }
    }

    /// <summary>Every message of <paramref name="before"/> is in <paramref name="now"/> under the same UID and UIDVALIDITY, byte for byte.</summary>
    static void AssertSame(
        (uint InboxValidity, SortedDictionary<uint, byte[]> Inbox, SortedDictionary<uint, byte[]> Archive) before,
        (uint InboxValidity, SortedDictionary<uint, byte[]> Inbox, SortedDictionary<uint, byte[]> Archive) now)
    {
        Assert.Equal(before.InboxValidity, now.InboxValidity);
        Assert.Equal(before.Inbox.Keys, now.Inbox.Keys.Take(before.Inbox.Count));
        Assert.Equal(before.Archive.Keys, now.Archive.Keys);
        foreach (var (name, was, isNow) in new[] { ("INBOX", before.Inbox, now.Inbox), ("Archive", before.Archive, now.Archive) })
        {
            foreach (var (uid, bytes) in was)
            {
                var difference = ByteAssert.Difference(bytes, isNow[uid]);
                Assert.True(difference is null, $"{name} {uid}: {difference}");
            }
        }
    }

    static async Task DeliverAsync(LockboxServer server, CanaryMessage message)
    {
        await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        Assert.Equal(250, (await lmtp.SendAsync("sender@example.net", [Address], message.Bytes)).Single().Code);
    }

    static async Task<ImapClient> LoginAsync(LockboxServer server, CancellationToken cancel)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Listeners["imap"].Port, SecureSocketOptions.None, cancel);
        await client.AuthenticateAsync(Address, Password, cancel);
        return client;
    }

    /// <summary>Every message of INBOX and Archive as BODY[] bytes by UID, with INBOX's UIDVALIDITY.</summary>
    static async Task<(uint InboxValidity, SortedDictionary<uint, byte[]> Inbox, SortedDictionary<uint, byte[]> Archive)> ReadAllAsync(ImapClient client, CancellationToken cancel)
    {
        var inbox = await ReadFolderAsync(client.Inbox, cancel);
        var validity = client.Inbox.UidValidity;
        var archive = await ReadFolderAsync(await client.GetFolderAsync("Archive", cancel), cancel);
        return (validity, inbox, archive);
    }

    static async Task<SortedDictionary<uint, byte[]>> ReadFolderAsync(IMailFolder folder, CancellationToken cancel)
    {
        await folder.OpenAsync(FolderAccess.ReadOnly, cancel);
        var messages = new SortedDictionary<uint, byte[]>();
        foreach (var uid in await folder.SearchAsync(SearchQuery.All, cancel))
        {
            using var stream = await folder.GetStreamAsync(uid, string.Empty, cancel);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancel);
            messages[uid.Id] = copy.ToArray();
        }

        await folder.CloseAsync(false, cancel);
        return messages;
    }
}
