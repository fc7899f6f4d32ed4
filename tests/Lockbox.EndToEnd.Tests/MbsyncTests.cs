// SPDX-License-Identifier: MIT
using System.Text;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 4, "real clients": mbsync (isync, from Debian) syncs a 1,000-message encrypted mailbox to a local
/// Maildir and back. Every body matches what was delivered, byte for byte; flags changed locally reach the
/// server; a message written locally is appended, stored encrypted, and reads back unchanged.
/// </summary>
public sealed partial class MbsyncTests
{
    const string User = "sync@example.org";
    const string Password = "mbsync pass phrase";
    const int MessageCount = 1000;
    static readonly string[] TraceHeaderNames = ["Return-Path", "Delivered-To"];
    static readonly string[] MaildirSubdirectories = ["cur", "new"];

    [Fact]
    public async Task Mbsync_mirrors_an_encrypted_mailbox_both_ways_with_identical_bodies_and_flags()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, User, Password, encrypt: true);
        var corpus = await MailgenCorpus.GenerateAsync(temp.Combine("corpus"), MessageCount, seed: 41);
        await using var server = await LockboxServer.StartAsync(data);
        var delivered = await PythonLmtp.SendAsync(server.Lmtp, "sender@example.net", [User], corpus.Messages.Select(m => m.Path));
        Assert.All(delivered, d => Assert.True(d.AllStored(1), d.ToString()));

        var maildir = temp.Combine("maildir");
        var config = WriteConfig(temp.Combine("mbsyncrc"), server.Listeners["imap"].Port, maildir);
        await SyncAsync(config);

        var local = MaildirFiles(maildir);
        Assert.Equal(MessageCount, local.Count);
        // mbsync keeps Maildir files with the local LF line ends (man mbsync); the server holds the CRLF original.
        var originals = corpus.Messages.ToDictionary(m => m.BodyCanary, m => ToLf(File.ReadAllBytes(m.Path)), StringComparer.Ordinal);
        foreach (var file in local)
        {
            var bytes = WithoutTuid(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
            var canary = BodyCanary().Match(Encoding.Latin1.GetString(bytes)).Value;
            AssertTraceHeadersThenOriginal(originals[canary], bytes, file);
        }

        // Local changes: \Flagged + \Seen on ten messages, \Answered on five, and one new message.
        foreach (var file in local.Take(10))
        {
            SetMaildirFlags(file, "FS");
        }

        foreach (var file in local.Skip(10).Take(5))
        {
            SetMaildirFlags(file, "RS");
        }

        var written = CanaryMessage.Create(User);
        await File.WriteAllBytesAsync(Path.Combine(maildir, "INBOX", "new", "1700000000.lockbox-test.host"), ToLf(written.Bytes), TestContext.Current.CancellationToken);
        await SyncAsync(config);

        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", server.Listeners["imap"].Port, SecureSocketOptions.None, TestContext.Current.CancellationToken);
        await imap.AuthenticateAsync(User, Password, TestContext.Current.CancellationToken);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, TestContext.Current.CancellationToken);
        Assert.Equal(MessageCount + 1, imap.Inbox.Count);
        Assert.Equal(10, (await imap.Inbox.SearchAsync(SearchQuery.Flagged, TestContext.Current.CancellationToken)).Count);
        Assert.Equal(5, (await imap.Inbox.SearchAsync(SearchQuery.Answered, TestContext.Current.CancellationToken)).Count);
        Assert.Equal(15, (await imap.Inbox.SearchAsync(SearchQuery.Seen, TestContext.Current.CancellationToken)).Count);

        // The appended message is the last one; apart from a header mbsync may add to find it, it is unchanged.
        var appended = await imap.Inbox.GetStreamAsync(imap.Inbox.Count - 1, string.Empty, TestContext.Current.CancellationToken);
        using var appendedCopy = new MemoryStream();
        await appended.CopyToAsync(appendedCopy, TestContext.Current.CancellationToken);
        Assert.EndsWith(Encoding.ASCII.GetString(BodyOf(written.Bytes)), Encoding.ASCII.GetString(appendedCopy.ToArray()), StringComparison.Ordinal);
        await imap.DisconnectAsync(true, TestContext.Current.CancellationToken);

        // A third run has nothing to do, and the appended canaries are not on the server's disk in clear.
        await SyncAsync(config);
        Assert.Equal(MessageCount + 1, MaildirFiles(maildir).Count);
        var leaks = LeakScanner.Scan(written.Canaries, data, ("server log", server.Log));
        Assert.True(leaks.Count == 0, LeakScanner.Describe(leaks));
    }

    static string WriteConfig(string path, int port, string maildir)
    {
        // mbsync 1.4 syntax (man mbsync): LOGIN over loopback without TLS, which Lockbox allows on loopback.
        File.WriteAllText(path, $"""
            IMAPAccount lockbox
            Host 127.0.0.1
            Port {port}
            User {User}
            Pass "{Password}"
            SSLType None
            AuthMechs LOGIN

            IMAPStore remote
            Account lockbox

            MaildirStore local
            Path {maildir}/
            Inbox {maildir}/INBOX

            Channel sync
            Far :remote:
            Near :local:
            Patterns INBOX
            Create Both
            Expunge Both
            SyncState *
            Sync All

            """);
        Directory.CreateDirectory(maildir);
        return path;
    }

    static async Task SyncAsync(string config)
    {
        var result = await ExternalProcess.RunAsync("mbsync", ["-c", config, "-a"]);
        Assert.True(result.ExitCode == 0, $"mbsync exited {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
    }

    static List<string> MaildirFiles(string maildir) =>
        [.. MaildirSubdirectories.SelectMany(d => Directory.EnumerateFiles(Path.Combine(maildir, "INBOX", d))).Order(StringComparer.Ordinal)];

    /// <summary>Moves a Maildir file to cur/ with the given info flags (maildir "2," semantics), as a mail client does.</summary>
    static void SetMaildirFlags(string file, string flags)
    {
        var unique = Path.GetFileName(file).Split(":2,")[0];
        File.Move(file, Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(file))!, "cur", unique + ":2," + flags));
    }

    /// <summary>The stored message is Return-Path and Delivered-To (and nothing else) followed by the original bytes.</summary>
    static void AssertTraceHeadersThenOriginal(byte[] original, byte[] stored, string file)
    {
        Assert.True(stored.AsSpan().EndsWith(original), $"{file}: does not end with the delivered message: "
            + ByteAssert.Difference(original, stored.AsSpan(Math.Max(0, stored.Length - original.Length))));
        var prefix = Encoding.ASCII.GetString(stored, 0, stored.Length - original.Length);
        var names = prefix.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l[0] is not (' ' or '\t')).Select(l => l[..l.IndexOf(':')]);
        Assert.Equal(TraceHeaderNames, names);
    }

    /// <summary>mbsync marks the copies it writes with an "X-TUID" header field (its transaction ID); take it out.</summary>
    static byte[] WithoutTuid(byte[] message)
    {
        var text = Encoding.Latin1.GetString(message);
        var at = text.IndexOf("\nX-TUID: ", StringComparison.Ordinal);
        return at < 0 ? message : Encoding.Latin1.GetBytes(text.Remove(at + 1, text.IndexOf('\n', at + 1) - at));
    }

    [GeneratedRegex("CANARYBODY-[0-9a-f]{16}")]
    private static partial Regex BodyCanary();

    static byte[] ToLf(byte[] crlf) => Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(crlf).Replace("\r\n", "\n", StringComparison.Ordinal));

    static byte[] BodyOf(byte[] message)
    {
        var text = Encoding.ASCII.GetString(message);
        return Encoding.ASCII.GetBytes(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }
}
