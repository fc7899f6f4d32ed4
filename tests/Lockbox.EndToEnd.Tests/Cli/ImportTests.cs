// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 5, item 8: <c>lockbox import</c> of a 2,000-message Maildir (with Maildir++ folders) and of a
/// 2,000-message mbox (mboxrd) for an encrypted user, read back over IMAP from the real server: every
/// message byte-identical (CRLF), with its flags and date; a re-run adds nothing; no canary on disk.
/// </summary>
public sealed class ImportTests
{
    const string Address = "alice@example.org";
    const string Password = "alice password";
    const int Count = 2000;
    static readonly DateTime Epoch = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Maildir_imports_with_its_folders_flags_and_dates_and_a_rerun_adds_nothing()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);
        var maildir = data.Scratch("Maildir");
        (string Folder, string Mailbox)[] folders = [("", "INBOX"), (".Sent", "Sent"), (".Archive.2024", "Archive/2024")];
        (string Info, string[] Flags)[] infos = [(":2,S", ["\\Seen"]), (":2,FRS", ["\\Answered", "\\Flagged", "\\Seen"]), (":2,DT", ["\\Deleted", "\\Draft"]), ("", [])];
        var expected = new List<Expected>();
        for (var i = 0; i < Count; i++)
        {
            var (folder, mailbox) = folders[i % folders.Length];
            var (info, flags) = infos[i % infos.Length];
            var message = CanaryMessage.Create(Address);
            var file = Path.Combine(maildir, folder, info.Length == 0 ? "new" : "cur", $"{1700000000 + i}.M{i}P1.host{info}");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, ToLf(message.Bytes), Ct);
            var date = Epoch.AddMinutes(i);
            File.SetLastWriteTimeUtc(file, date);
            expected.Add(new Expected(mailbox, message, flags, date));
        }

        Assert.Equal($"imported {Count} messages, skipped 0 imported before\n", CliAssert.Succeeds(await data.RunAsync(null, "import", Address, "maildir", maildir)).Stdout);
        Assert.Equal($"imported 0 messages, skipped {Count} imported before\n", CliAssert.Succeeds(await data.RunAsync(null, "import", Address, "maildir", maildir)).Stdout);

        await AssertStoredAsync(data, expected);
    }

    [Fact]
    public async Task An_mbox_imports_unescaped_with_flags_and_separator_dates_and_a_rerun_adds_nothing()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);
        (string Status, string[] Flags)[] statuses = [("Status: RO\nX-Status: AF\n", ["\\Answered", "\\Flagged", "\\Seen"]), ("Status: O\n", []), ("X-Status: DT\n", ["\\Deleted", "\\Draft"])];
        var mbox = new StringBuilder();
        var expected = new List<Expected>();
        for (var i = 0; i < Count; i++)
        {
            var (status, flags) = statuses[i % statuses.Length];
            var canary = CanaryMessage.Create(Address);
            // The body's own "From " lines, which mboxrd quotes with one more ">" each.
            var original = Encoding.ASCII.GetString(ToLf(canary.Bytes)).Replace("\nMIME-Version:", "\n" + status + "MIME-Version:", StringComparison.Ordinal)
                .Replace("The secret is", "From the start\n>From a quote\nThe secret is", StringComparison.Ordinal);
            var date = Epoch.AddHours(i);
            mbox.Append(System.Globalization.CultureInfo.InvariantCulture, $"From sender@example.net {date:ddd MMM d HH:mm:ss yyyy}\n")
                .Append(original.Replace("\nFrom the start", "\n>From the start", StringComparison.Ordinal).Replace("\n>From a quote", "\n>>From a quote", StringComparison.Ordinal))
                .Append('\n');
            expected.Add(new Expected("Archive/Old", canary with { Bytes = Encoding.ASCII.GetBytes(original.Replace("\n", "\r\n", StringComparison.Ordinal)) }, flags, date));
        }

        var file = data.Scratch("old.mbox");
        await File.WriteAllTextAsync(file, mbox.ToString(), Ct);

        Assert.Equal($"imported {Count} messages, skipped 0 imported before\n", CliAssert.Succeeds(await data.RunAsync(null, "import", Address, "mbox", file, "--mailbox", "Archive/Old")).Stdout);
        Assert.Equal($"imported 0 messages, skipped {Count} imported before\n", CliAssert.Succeeds(await data.RunAsync(null, "import", Address, "mbox", file, "--mailbox", "Archive/Old")).Stdout);

        await AssertStoredAsync(data, expected);
    }

    [Fact]
    public async Task A_path_that_is_not_a_Maildir_fails_with_one_line_and_imports_nothing()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);

        var line = CliAssert.FailsWithOneLine(await data.RunAsync(null, "import", Address, "maildir", data.Scratch("nothing-here")), Lockbox.Cli.ExitCodes.Rejected);

        Assert.Contains("not a Maildir", line, StringComparison.Ordinal);
        Assert.Equal(0, data.Inspector.CountRows("messages"));
    }

    static async Task AssertStoredAsync(CliDataDirectory data, List<Expected> expected)
    {
        await using var server = await LockboxServer.StartAsync(data.Path);
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Listeners["imap"].Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, Password, Ct);
        foreach (var group in expected.GroupBy(e => e.Mailbox))
        {
            var folder = await client.GetFolderAsync(group.Key, Ct);
            await folder.OpenAsync(FolderAccess.ReadOnly, Ct);
            var summaries = await folder.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate, Ct);
            var wanted = group.ToList();
            Assert.Equal(wanted.Count, summaries.Count);
            for (var i = 0; i < wanted.Count; i++)
            {
                // Imported in source order: Maildir names and mbox positions both follow the arrival order here.
                using var stream = await folder.GetStreamAsync(summaries[i].UniqueId, string.Empty, Ct);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, Ct);
                Assert.Equal(Encoding.ASCII.GetString(wanted[i].Message.Bytes), Encoding.ASCII.GetString(copy.ToArray()));
                Assert.Equal(wanted[i].Flags.Order(StringComparer.Ordinal), FlagNames(summaries[i].Flags!.Value).Order(StringComparer.Ordinal));
                Assert.Equal(wanted[i].Date, summaries[i].InternalDate!.Value.UtcDateTime);
            }

            await folder.CloseAsync(false, Ct);
        }

        await client.DisconnectAsync(true, Ct);
        var leaks = LeakScanner.Scan(expected.SelectMany(e => e.Message.Canaries), data.Path, ("server log", server.Log));
        Assert.True(leaks.Count == 0, LeakScanner.Describe(leaks));
    }

    static IEnumerable<string> FlagNames(MessageFlags flags) =>
        new[] { (MessageFlags.Seen, "\\Seen"), (MessageFlags.Answered, "\\Answered"), (MessageFlags.Flagged, "\\Flagged"), (MessageFlags.Deleted, "\\Deleted"), (MessageFlags.Draft, "\\Draft") }
            .Where(f => flags.HasFlag(f.Item1)).Select(f => f.Item2);

    /// <summary>Maildir and mbox files as mail tools write them on Unix: LF line ends.</summary>
    static byte[] ToLf(byte[] crlf) => Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(crlf).Replace("\r\n", "\n", StringComparison.Ordinal));

    sealed record Expected(string Mailbox, CanaryMessage Message, string[] Flags, DateTime Date);
}
