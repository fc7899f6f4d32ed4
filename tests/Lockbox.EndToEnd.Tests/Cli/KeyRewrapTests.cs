// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 5, item 7 (docs/decisions/0020): <c>key rotate --rewrap</c> and <c>key rewrap</c> give the session keys of stored
/// mail to the new key. gpg's <c>--list-packets</c> then names only the new key on an old blob, <c>gpg --decrypt</c> with the
/// exported new key gives the message back, the encrypted body is the same bytes, and a run killed with SIGKILL part-way
/// and run again ends with every message re-wrapped and readable over IMAP.
/// </summary>
public sealed class KeyRewrapTests
{
    const string Address = "alice@example.org";
    const string Password = "alice password";

    /// <summary>New-format tag 18 (RFC 4880 section 4.2.2): the SEIPD packet's first octet.</summary>
    const byte SeipdHeader = 0xC0 | 18;

    [Fact]
    public async Task After_rotate_with_rewrap_gpg_lists_only_the_new_key_on_an_old_blob_and_decrypts_it_with_the_exported_key()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);
        var old = new[] { CliDataDirectory.Message("old-one"), CliDataDirectory.Message("old-two") };
        foreach (var message in old)
        {
            await data.DeliverAsync(Address, message);
        }

        var before = StoredBlobs(data);
        var oldKeyIds = await KeyRotateTests.RecipientKeyIdsAsync(data.Inspector.BlobAsFile(before[0].BlobId, data.Scratch("")));

        var output = CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "rotate", Address, "--password-stdin", "--rewrap")).Stdout;
        await data.DeliverAsync(Address, CliDataDirectory.Message("new-one"));

        Assert.Contains($"session keys of {Address} re-wrapped to ", output, StringComparison.Ordinal);
        Assert.Contains(": 2 messages (0 were already), 4 records", output, StringComparison.Ordinal);
        var newSubkey = await KeyRotateTests.EncryptionSubkeyIdAsync(CliAssert.Succeeds(await data.RunAsync(null, "key", "export", Address)).Stdout);
        var after = StoredBlobs(data);
        Assert.Equal(data.Inspector.StoredBlobs(), after.Select(b => b.BlobId).ToHashSet(StringComparer.Ordinal));
        using var gpg = new GpgHome();
        await gpg.ImportAsync(CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "export", Address, "--secret", "--password-stdin")).Stdout, Password);
        for (var i = 0; i < old.Length; i++)
        {
            var path = data.Inspector.BlobAsFile(after[i].BlobId, data.Scratch(""));
            Assert.NotEqual(before[i].BlobId, after[i].BlobId);
            Assert.Equal([newSubkey], await KeyRotateTests.RecipientKeyIdsAsync(path));
            Assert.DoesNotContain(oldKeyIds.Single(), await KeyRotateTests.RecipientKeyIdsAsync(path));
            Assert.Equal(Seipd(before[i].Bytes), Seipd(after[i].Bytes));
            var scratch = data.Scratch($"old-{i}.pgp");
            File.Copy(path, scratch);
            Assert.EndsWith(old[i], System.Text.Encoding.UTF8.GetString(await gpg.DecryptAsync(scratch, Password)), StringComparison.Ordinal);
        }

        var again = CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "rewrap", Address, "--password-stdin")).Stdout;
        Assert.Contains(": 0 messages (3 were already), 0 records, mailbox key unchanged", again, StringComparison.Ordinal);
        var audit = CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", Address)).Stdout;
        Assert.Equal(2, audit.Split('\n').Count(l => l.Contains("keys-rewrapped", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_rewrap_killed_part_way_and_run_again_ends_with_every_message_rewrapped_and_readable_over_imap()
    {
        const int Messages = 120;
        var cancel = TestContext.Current.CancellationToken;
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);
        await using var server = await LockboxServer.StartAsync(data.Path);
        var mail = Enumerable.Range(0, Messages).Select(i => CliDataDirectory.Message($"rewrap-{i:D3}")).ToList();
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            foreach (var message in mail)
            {
                Assert.Equal(250, (await lmtp.SendAsync("sender@example.net", [Address], System.Text.Encoding.UTF8.GetBytes(message))).Single().Code);
            }
        }

        var before = StoredBlobs(data);
        CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "rotate", Address, "--password-stdin"));
        var killedAt = await StartAndKillPartWayAsync(data, before.Select(b => b.BlobId).ToHashSet(StringComparer.Ordinal), cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"killed with {killedAt} of {Messages} messages re-wrapped");
        Assert.InRange(killedAt, 1, Messages - 1);

        var resumed = CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "rewrap", Address, "--password-stdin")).Stdout;
        Assert.Contains($": {Messages - killedAt} messages ({killedAt} were already)", resumed, StringComparison.Ordinal);

        using (var client = new ImapClient())
        {
            await client.ConnectAsync("127.0.0.1", server.Listeners["imap"].Port, SecureSocketOptions.None, cancel);
            await client.AuthenticateAsync(Address, Password, cancel);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancel);
            var uids = await client.Inbox.SearchAsync(SearchQuery.All, cancel);
            Assert.Equal(Messages, uids.Count);
            for (var i = 0; i < Messages; i++)
            {
                using var stream = await client.Inbox.GetStreamAsync(uids[i], string.Empty, cancel);
                using var reader = new StreamReader(stream);
                Assert.EndsWith(mail[i], await reader.ReadToEndAsync(cancel), StringComparison.Ordinal);
            }

            await client.DisconnectAsync(true, cancel);
        }

        Assert.Equal(0, await server.StopAsync());
        var after = StoredBlobs(data);
        var newKey = RecipientOf(after[0].Bytes);
        Assert.All(after, b => Assert.Equal(newKey, RecipientOf(b.Bytes)));
        Assert.DoesNotContain(RecipientOf(before[0].Bytes), after.Select(b => RecipientOf(b.Bytes)));
        for (var i = 0; i < Messages; i++)
        {
            Assert.Equal(Seipd(before[i].Bytes), Seipd(after[i].Bytes));
        }

        Assert.Equal(data.Inspector.StoredBlobs(), after.Select(b => b.BlobId).ToHashSet(StringComparer.Ordinal));
        Assert.Empty(data.Inspector.TempFiles());
    }

    [Fact]
    public async Task A_zero_access_or_cleartext_user_cannot_rewrap_and_is_told_why_in_one_line()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: false);
        await data.AddUserAsync("clear@example.org", Password, encrypt: false);
        using var gpg = new GpgHome();
        await gpg.GenerateAsync(Address, "own passphrase");
        var key = data.Scratch("own-public.asc");
        await File.WriteAllTextAsync(key, await gpg.ExportPublicAsync(Address), TestContext.Current.CancellationToken);
        CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "import", Address, key, "--password-stdin"));

        var zeroAccess = CliAssert.FailsWithOneLine(await data.RunAsync(Password + "\n", "key", "rewrap", Address, "--password-stdin"), 1);
        var clear = CliAssert.FailsWithOneLine(await data.RunAsync(Password + "\n", "key", "rewrap", "clear@example.org", "--password-stdin"), 1);

        Assert.Contains("zero-access mode", zeroAccess, StringComparison.Ordinal);
        Assert.Contains("no secret key on this server", clear, StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts <c>key rewrap</c> and kills it (SIGKILL) once about a quarter of the messages point at a new blob; returns how
    /// many do. Frozen (SIGSTOP) while the test counts, so the job cannot finish between the look and the kill.
    /// </summary>
    static async Task<int> StartAndKillPartWayAsync(CliDataDirectory data, HashSet<string> oldBlobs, CancellationToken cancel)
    {
        using var process = Process.Start(LockboxCli.StartInfo(["key", "rewrap", Address, "--password-stdin", "--data", data.Path], LockboxCli.NoEnvironment))
            ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.StandardInput.WriteAsync(Password + "\n");
        process.StandardInput.Close();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                Assert.Fail($"key rewrap ended before it could be killed part-way: {await stdout}{await stderr}");
            }

            ProcessSignals.Freeze(process.Id);
            if (Rewrapped(data, oldBlobs) >= oldBlobs.Count / 4)
            {
                ProcessSignals.KillNow(process.Id);
                await process.WaitForExitAsync(cancel);
                return Rewrapped(data, oldBlobs);
            }

            ProcessSignals.Resume(process.Id);
            await Task.Delay(2, cancel);
        }

        process.Kill();
        throw new TimeoutException("key rewrap re-wrapped nothing within a minute");
    }

    static int Rewrapped(CliDataDirectory data, HashSet<string> oldBlobs) =>
        data.Inspector.MessagesOf(Address).Count(r => !oldBlobs.Contains(r.BlobId));

    /// <summary>The user's rows in mailbox and UID order, each with its blob's bytes.</summary>
    static List<(string BlobId, byte[] Bytes)> StoredBlobs(CliDataDirectory data) =>
        [.. data.Inspector.MessagesOf(Address).Select(r => (r.BlobId, data.Inspector.ReadBlob(r.BlobId)))];

    /// <summary>The SEIPD packet's bytes: what follows the new-format PKESKs (one-octet lengths, as Lockbox writes them).</summary>
    static byte[] Seipd(byte[] blob)
    {
        var position = 0;
        while (blob[position] != SeipdHeader)
        {
            position += 2 + blob[position + 1];
        }

        return blob[position..];
    }

    /// <summary>The key ID of a blob's only PKESK (RFC 4880 section 5.1: version octet, then the eight-octet key ID).</summary>
    static string RecipientOf(byte[] blob)
    {
        Assert.Equal(SeipdHeader, blob[2 + blob[1]]);
        return Convert.ToHexString(blob, 3, 8);
    }
}
