// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;
using MimeKit.Cryptography;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 5, "own keys": <c>lockbox key import</c> with keys made by the real gpg, through the real executable. Modes (a)
/// and (b) read old and new mail over IMAP; for (c) the PGP/MIME form fetched over IMAP decrypts with gpg to the
/// delivered message; a weak key is refused with its rule and the previous key keeps working.
/// </summary>
public sealed class KeyImportTests
{
    const string Address = "alice@example.org";
    const string Password = "alice mailbox password";
    const string KeyPassphrase = "alice gpg passphrase";
    const string Sender = "sender@example.net";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_gpg_keypair_under_the_mailbox_password_becomes_the_active_key_and_old_and_new_mail_read()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);
        var before = CliDataDirectory.Message("before-import");
        await data.DeliverAsync(Address, before);
        using var gpg = new GpgHome();
        var fingerprint = await gpg.GenerateAsync(Address, Password);
        var key = await WriteAsync(data, "own-secret.asc", await gpg.ExportSecretAsync(Address, Password));

        var imported = CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "import", Address, key, "--password-stdin")).Stdout;
        var after = CliDataDirectory.Message("after-import");
        await data.DeliverAsync(Address, after);

        Assert.Equal($"{Address}\tkeypair-under-mailbox-password\t{fingerprint}\n", imported);
        Assert.Contains(fingerprint, CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout, StringComparison.Ordinal);
        Assert.Contains($"key-imported\tmode keypair under the mailbox password; new active key {fingerprint}",
            CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", Address)).Stdout, StringComparison.Ordinal);
        // New mail is encrypted to the user's own gpg key: their own gpg home opens it.
        var stored = await ExportedAsync(data);
        Assert.EndsWith(after, Encoding.UTF8.GetString(await gpg.DecryptAsync(stored[1], Password)), StringComparison.Ordinal);
        Assert.Equal([before, after], await ReadOverImapAsync(data, Password, 2));
    }

    [Fact]
    public async Task A_gpg_keypair_under_its_own_passphrase_is_protected_under_the_mailbox_password_instead()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: false);
        var before = CliDataDirectory.Message("cleartext-before-import");
        await data.DeliverAsync(Address, before);
        using var gpg = new GpgHome();
        var fingerprint = await gpg.GenerateAsync(Address, KeyPassphrase);
        var key = await WriteAsync(data, "own-secret.asc", await gpg.ExportSecretAsync(Address, KeyPassphrase));

        var refused = CliAssert.FailsWithOneLine(await data.RunAsync(Password + "\n", "key", "import", Address, key, "--password-stdin"), 1);
        var imported = CliAssert.Succeeds(await data.RunAsync($"{Password}\n{KeyPassphrase}\n", "key", "import", Address, key, "--password-stdin")).Stdout;
        var after = CliDataDirectory.Message("after-import");
        await data.DeliverAsync(Address, after);

        Assert.Contains("give that on the second line", refused, StringComparison.Ordinal);
        Assert.Equal($"{Address}\tkeypair-reprotected-under-mailbox-password\t{fingerprint}\n", imported);
        Assert.Equal([before, after], await ReadOverImapAsync(data, Password, 2));
        // The mailbox password now opens the key: the gpg export Lockbox makes is under it, and decrypts the new mail.
        var decrypted = Assert.Single(await data.ExportAndDecryptAsync(Address, Password));
        Assert.EndsWith(after, decrypted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_key_alone_serves_PGP_MIME_over_IMAP_that_gpg_decrypts_to_the_delivered_message()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: false);
        using var gpg = new GpgHome();
        var fingerprint = await gpg.GenerateAsync(Address, KeyPassphrase);
        var key = await WriteAsync(data, "own-public.asc", await gpg.ExportPublicAsync(Address));
        var imported = CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "import", Address, key, "--password-stdin")).Stdout;
        var subjectCanary = "CANARYSUBJ-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()[..8]);
        var bodyCanary = "CANARYBODY-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()[..8]);
        var message = Encoding.UTF8.GetBytes(
            $"From: Carol <carol@example.net>\r\nTo: {Address}\r\nSubject: {subjectCanary}\r\nMessage-ID: <zero-access@example.net>\r\n" +
            $"Date: Thu, 01 Jan 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{bodyCanary} Grüße\r\n");

        byte[] served;
        long announcedSize;
        await using (var server = await LockboxServer.StartAsync(data.Path))
        {
            await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
            {
                Assert.True(Assert.Single(await lmtp.SendAsync(Sender, [Address], message)).IsPositive);
            }

            using var client = await LoginAsync(server, Password);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
            var summary = Assert.Single(await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Size | MessageSummaryItems.Envelope | MessageSummaryItems.BodyStructure, Ct));
            announcedSize = summary.Size!.Value;
            served = await RawAsync(client, 0);
            Assert.Equal("...", summary.Envelope!.Subject);
            Assert.Equal("zero-access@example.net", summary.Envelope.MessageId);
            Assert.Equal("multipart/encrypted", summary.Body!.ContentType.MimeType);
            Assert.Equal([1], (await client.Inbox.SearchAsync(SearchQuery.LargerThan(100), Ct)).Select(u => (int)u.Id));
            await Assert.ThrowsAsync<ImapCommandException>(() => client.Inbox.SearchAsync(SearchQuery.BodyContains("Grüße"), Ct));
        }

        Assert.Equal($"{Address}\tpublic-key-only\t{fingerprint}\n", imported);
        Assert.Equal(served.Length, announcedSize);
        using var parsed = MimeMessage.Load(new MemoryStream(served), Ct);
        var encrypted = Assert.IsType<MultipartEncrypted>(parsed.Body);
        Assert.Equal("application/pgp-encrypted", encrypted.ContentType.Parameters["protocol"]);
        using (var version = new StreamReader(((MimePart)encrypted[0]).Content!.Open()))
        {
            Assert.Equal("Version: 1", (await version.ReadToEndAsync(Ct)).Trim());
        }

        var armored = data.Scratch("part2.asc");
        await using (var file = File.Create(armored))
        {
            await ((MimePart)encrypted[1]).Content!.DecodeToAsync(file, Ct);
        }

        var delivered = Encoding.UTF8.GetBytes($"Return-Path: <{Sender}>\r\nDelivered-To: {Address}\r\n").Concat(message).ToArray();
        Assert.Equal(delivered, await gpg.DecryptAsync(armored, KeyPassphrase));
        // The stored form is the usual binary OpenPGP message: export and gpg keep working on it.
        Assert.Equal(delivered, await gpg.DecryptAsync(Assert.Single(await ExportedAsync(data)), KeyPassphrase));
        var leaks = LeakScanner.Scan([subjectCanary, bodyCanary], data.Path);
        Assert.True(leaks.Count == 0, LeakScanner.Describe(leaks));
    }

    [Fact]
    public async Task A_weak_RSA_1024_key_is_refused_with_its_rule_and_the_previous_key_keeps_working()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);
        var before = CliDataDirectory.Message("before-refusal");
        await data.DeliverAsync(Address, before);
        var listed = CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout;
        using var gpg = new GpgHome();
        await gpg.GenerateWeakRsaAsync(Address);
        var publicKey = await WriteAsync(data, "weak-public.asc", await gpg.ExportPublicAsync(Address));
        var secretKey = await WriteAsync(data, "weak-secret.asc", await gpg.ExportSecretAsync(Address, null));

        var publicRefusal = CliAssert.FailsWithOneLine(await data.RunAsync(Password + "\n", "key", "import", Address, publicKey, "--password-stdin", "--discard-server-key"), 1);
        var secretRefusal = CliAssert.FailsWithOneLine(await data.RunAsync(Password + "\n", "key", "import", Address, secretKey, "--password-stdin"), 1);
        Assert.Equal(listed, CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout);
        var after = CliDataDirectory.Message("after-refusal");
        await data.DeliverAsync(Address, after);

        Assert.Contains("is RSA 1024 bits; the minimum is 2048", publicRefusal, StringComparison.Ordinal);
        Assert.Equal(publicRefusal, secretRefusal);
        Assert.DoesNotContain("key-imported", CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", Address)).Stdout, StringComparison.Ordinal);
        Assert.Equal([before, after], await ReadOverImapAsync(data, Password, 2));
    }

    static async Task<string> WriteAsync(CliDataDirectory data, string name, string armored)
    {
        var path = data.Scratch(name);
        await File.WriteAllTextAsync(path, armored, Ct);
        return path;
    }

    /// <summary><c>lockbox export</c>: the stored .eml.pgp files, in order.</summary>
    static async Task<List<string>> ExportedAsync(CliDataDirectory data)
    {
        var output = data.Scratch($"export-{Guid.NewGuid():N}");
        CliAssert.Succeeds(await data.RunAsync(null, "export", Address, "--out", output));
        return [.. Directory.GetFiles(output, "*.eml.pgp").Order(StringComparer.Ordinal)];
    }

    /// <summary>Every INBOX message over IMAP, as text, without the trace headers the LDA added.</summary>
    static async Task<List<string>> ReadOverImapAsync(CliDataDirectory data, string password, int count)
    {
        await using var server = await LockboxServer.StartAsync(data.Path);
        using var client = await LoginAsync(server, password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        Assert.Equal(count, client.Inbox.Count);
        var messages = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var text = Encoding.UTF8.GetString(await RawAsync(client, i));
            messages.Add(text[text.IndexOf("From: ", StringComparison.Ordinal)..]);
        }

        return messages;
    }

    static async Task<ImapClient> LoginAsync(LockboxServer server, string password)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Listeners["imap"].Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, password, Ct);
        return client;
    }

    static async Task<byte[]> RawAsync(ImapClient client, int index)
    {
        await using var stream = await client.Inbox.GetStreamAsync(index, string.Empty, Ct);
        var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes, Ct);
        return bytes.ToArray();
    }
}
