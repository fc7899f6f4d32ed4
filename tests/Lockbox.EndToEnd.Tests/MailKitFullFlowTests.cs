// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 4, "real clients": MailKit's ImapClient against the real `lockbox serve` for an encrypted user, the
/// whole flow of a mail client in one session, each step checked against what was delivered: AUTHENTICATE,
/// LIST with special-use, SELECT, FETCH of every item and section form, SEARCH, STORE with a keyword, COPY,
/// MOVE, APPEND to Sent, EXPUNGE, IDLE woken by an LMTP delivery from another client, LOGOUT. Then no subject
/// or body canary of any message used is anywhere under the data directory or in the log.
/// </summary>
public sealed class MailKitFullFlowTests
{
    const string User = "alice@example.org";
    const string Password = "correct horse battery staple";
    const string Sender = "sender@example.net";
    const string Keyword = "$Project";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MailKit_runs_a_whole_client_session_on_an_encrypted_mailbox_and_leaves_no_plaintext_on_disk()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, User, Password, encrypt: true);
        CanaryMessage[] delivered =
        [
            CanaryMessage.Create(User),
            FlowMail.Plain("Bob Example <bob@example.com>", User, "lunch"),
            FlowMail.Alternative("Carol Example <carol@example.org>", User, "minutes"),
        ];
        var late = FlowMail.Forward("Dave Example <dave@example.net>", User, "late news");
        var sent = FlowMail.Plain($"Alice <{User}>", "Erin <erin@example.com>", "reply");
        await using var server = await LockboxServer.StartAsync(data);
        await DeliverAsync(server, delivered);
        using var wire = new MemoryStream();
        using var client = new ImapClient(new ProtocolLogger(wire, leaveOpen: true));
        var imap = server.Listeners["imap"];
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);

        // Login: AUTHENTICATE PLAIN, in one line thanks to SASL-IR (RFC 4959).
        await client.AuthenticateAsync(new SaslMechanismPlain(User, Password), Ct);
        Assert.True(client.IsAuthenticated);

        // List: every standard mailbox, and the special-use ones (RFC 6154) where MailKit looks for them.
        var names = (await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: Ct)).Select(f => f.FullName).ToList();
        Assert.Equal(["Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"], names.Order(StringComparer.Ordinal));
        var sentFolder = Assert.IsAssignableFrom<IMailFolder>(client.GetFolder(SpecialFolder.Sent));
        var archive = Assert.IsAssignableFrom<IMailFolder>(client.GetFolder(SpecialFolder.Archive));
        Assert.Equal(("Sent", "Archive", "Trash"), (sentFolder.FullName, archive.FullName, client.GetFolder(SpecialFolder.Trash)?.FullName));

        // Select.
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        Assert.Equal(3, inbox.Count);
        Assert.True(inbox.UidValidity > 0);
        Assert.Equal(4u, inbox.UidNext?.Id);

        // Fetch every item, checked against MimeKit's reading of the stored bytes.
        var stored = delivered.Select(m => StoredForm.Of(m.Bytes, Sender, User)).ToList();
        var summaries = await inbox.FetchAsync(0, -1, MessageSummaryItems.All | MessageSummaryItems.BodyStructure | MessageSummaryItems.UniqueId | MessageSummaryItems.ModSeq, Ct);
        Assert.Equal([1u, 2u, 3u], summaries.Select(s => s.UniqueId.Id));
        var differences = new List<string>();
        for (var i = 0; i < summaries.Count; i++)
        {
            var summary = summaries[i];
            var parsed = MimeSlices.Parse(stored[i]);
            StructureCheck.Envelope($"message {i + 1}", parsed, summary.Envelope, differences);
            StructureCheck.Body($"message {i + 1}", "", parsed.Body, summary.Body, differences);
            Assert.Equal((uint)stored[i].Length, summary.Size);
            Assert.Equal(MessageFlags.None, summary.Flags & ~MessageFlags.Recent);
            Assert.InRange(summary.InternalDate!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.True(summary.ModSeq > 0, "no MODSEQ");
            await AssertSectionsAsync(inbox, summary.UniqueId, stored[i], differences);
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
        // BODY.PEEK never sets \Seen (RFC 3501 section 6.4.5).
        Assert.All(await inbox.FetchAsync(0, -1, MessageSummaryItems.Flags, Ct), s => Assert.False(s.Flags!.Value.HasFlag(MessageFlags.Seen)));

        // Search: text keys over the encrypted index, NOT/OR nesting, a UID set.
        var (first, second, third) = (summaries[0].UniqueId, summaries[1].UniqueId, summaries[2].UniqueId);
        Assert.Equal([second], await inbox.SearchAsync(SearchQuery.SubjectContains(delivered[1].Canaries[0]), Ct));
        Assert.Equal([third], await inbox.SearchAsync(SearchQuery.BodyContains(delivered[2].Canaries[1].ToUpperInvariant()), Ct));
        Assert.Equal([second], await inbox.SearchAsync(SearchQuery.FromContains("bob@example.com"), Ct));
        Assert.Equal([first, third], await inbox.SearchAsync(SearchQuery.Not(SearchQuery.Or(SearchQuery.FromContains("bob"), SearchQuery.SubjectContains("nothing-like-this"))), Ct));
        Assert.Equal([first], await inbox.SearchAsync(SearchQuery.Uids([first, second]).And(SearchQuery.Not(SearchQuery.CcContains("carol"))), Ct));

        // Store: system flags and a keyword; SEARCH finds them by flag and by KEYWORD.
        await inbox.StoreAsync(first, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen | MessageFlags.Flagged), Ct);
        await inbox.StoreAsync(second, new StoreFlagsRequest(StoreAction.Add, [Keyword]), Ct);
        var flags = await inbox.FetchAsync([first, second], MessageSummaryItems.Flags, Ct);
        Assert.Equal(MessageFlags.Seen | MessageFlags.Flagged, flags[0].Flags & ~MessageFlags.Recent);
        Assert.Equal(Keyword, Assert.Single(flags[1].Keywords));
        Assert.Equal([first], await inbox.SearchAsync(SearchQuery.Seen.And(SearchQuery.Flagged), Ct));
        Assert.Equal([second], await inbox.SearchAsync(SearchQuery.HasKeyword(Keyword), Ct));
        Assert.Equal([first, third], await inbox.SearchAsync(SearchQuery.NotKeyword(Keyword), Ct));

        // Copy and move into Archive (UIDPLUS gives the new UIDs); the move leaves the inbox.
        Assert.Equal(1u, (await inbox.CopyToAsync(third, archive, Ct))?.Id);
        Assert.Equal(2u, (await inbox.MoveToAsync(second, archive, Ct))?.Id);
        Assert.Equal(2, inbox.Count);
        Assert.Equal([first, third], await inbox.SearchAsync(SearchQuery.All, Ct));

        // Append to Sent; it comes back byte for byte (no trace headers for APPEND) and is found by its subject.
        await sentFolder.OpenAsync(FolderAccess.ReadWrite, Ct);
        var appended = await sentFolder.AppendAsync(new AppendRequest(MimeMessage.Load(new MemoryStream(sent.Bytes), Ct), MessageFlags.Seen), Ct);
        Assert.Equal(1u, appended?.Id);
        var fetchedSent = await ReadAsync(sentFolder, appended!.Value, "");
        Assert.Null(ByteAssert.Difference(sent.Bytes, fetchedSent));
        Assert.Equal([appended.Value], await sentFolder.SearchAsync(SearchQuery.SubjectContains(sent.Canaries[0]), Ct));

        // The archive holds the copy and the moved message (with its keyword), both intact.
        await archive.OpenAsync(FolderAccess.ReadOnly, Ct);
        var archived = await archive.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags, Ct);
        Assert.Equal([1u, 2u], archived.Select(s => s.UniqueId.Id));
        Assert.Equal(Keyword, Assert.Single(archived[1].Keywords));
        var (copied, moved) = (await ReadAsync(archive, archived[0].UniqueId, ""), await ReadAsync(archive, archived[1].UniqueId, ""));
        Assert.Null(ByteAssert.Difference(stored[2], copied));
        Assert.Null(ByteAssert.Difference(stored[1], moved));

        // Expunge: a \Deleted message goes, and MailKit hears the EXPUNGE.
        await inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        var expunged = new List<int>();
        inbox.MessageExpunged += (_, e) => expunged.Add(e.Index);
        await inbox.StoreAsync(first, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Deleted), Ct);
        await inbox.ExpungeAsync(Ct);
        Assert.Equal([0], expunged);
        Assert.Equal([third], await inbox.SearchAsync(SearchQuery.All, Ct));

        // IDLE, woken by a delivery over LMTP from another connection while MailKit idles.
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        inbox.CountChanged += (_, _) => arrived.TrySetResult();
        using var done = new CancellationTokenSource();
        var idle = client.IdleAsync(done.Token, Ct);
        var clock = Stopwatch.StartNew();
        await DeliverAsync(server, [late]);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        var woken = clock.Elapsed;
        await done.CancelAsync();
        await idle;
        Assert.Equal(2, inbox.Count);
        var news = await inbox.FetchAsync([1], MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope, Ct);
        Assert.Equal(4u, news[0].UniqueId.Id);
        Assert.Contains(late.Canaries[0], news[0].Envelope?.Subject, StringComparison.Ordinal);
        var fetchedLate = await ReadAsync(inbox, news[0].UniqueId, "");
        Assert.Null(ByteAssert.Difference(StoredForm.Of(late.Bytes, Sender, User), fetchedLate));

        // Logout.
        await client.DisconnectAsync(quit: true, Ct);
        Assert.False(client.IsConnected);
        var transcript = Encoding.UTF8.GetString(wire.ToArray());
        foreach (var command in new[] { "AUTHENTICATE PLAIN ", "LIST ", "SELECT INBOX", "UID SEARCH ", "UID STORE ", "UID COPY ", "UID MOVE ", "APPEND Sent ", "EXPUNGE", "IDLE", "DONE", "LOGOUT" })
        {
            Assert.Contains(command, transcript, StringComparison.Ordinal);
        }

        Assert.True(woken < TimeSpan.FromSeconds(5), $"IDLE woke after {woken}");
        TestContext.Current.TestOutputHelper?.WriteLine($"IDLE saw the LMTP delivery {woken.TotalMilliseconds:F0} ms after it began");

        // No canary of any message used, delivered or appended, anywhere under the data directory or in the log.
        var canaries = delivered.Append(late).Append(sent).SelectMany(m => m.Canaries).ToHashSet(StringComparer.Ordinal);
        var live = LeakScanner.Scan(canaries, data, ("server log", server.Log));
        Assert.True(live.Count == 0, "leaked while running:\n" + LeakScanner.Describe(live));
        Assert.Equal(0, await server.StopAsync());
        var leaked = LeakScanner.Scan(canaries, data, ("server log", server.Log));
        Assert.True(leaked.Count == 0, "leaked:\n" + LeakScanner.Describe(leaked));
    }

    /// <summary>
    /// BODY.PEEK[] and each section form (HEADER, HEADER.FIELDS (.NOT), TEXT, part numbers, .MIME) equal the
    /// slices MimeKit computes from the stored bytes, and partial fetches (RFC 3501 section 6.4.5) equal the
    /// same ranges of those bytes.
    /// </summary>
    static async Task AssertSectionsAsync(IMailFolder folder, UniqueId uid, byte[] stored, List<string> differences)
    {
        foreach (var (section, expected) in MimeSlices.Of(stored))
        {
            var actual = await ReadAsync(folder, uid, section);
            if (ByteAssert.Difference(expected, actual) is { } difference)
            {
                differences.Add($"UID {uid} BODY[{section}]: {difference}");
            }
        }

        foreach (var (offset, count) in new[] { (0, 20), (100, 57), (stored.Length - 10, 50) })
        {
            using var stream = await folder.GetStreamAsync(uid, "", offset, count, Ct);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            if (ByteAssert.Difference(stored.AsSpan(offset, Math.Min(count, stored.Length - offset)), copy.ToArray()) is { } difference)
            {
                differences.Add($"UID {uid} BODY[]<{offset}.{count}>: {difference}");
            }
        }
    }

    static async Task<byte[]> ReadAsync(IMailFolder folder, UniqueId uid, string section)
    {
        using var stream = await folder.GetStreamAsync(uid, section, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    static async Task DeliverAsync(LockboxServer server, IEnumerable<CanaryMessage> messages)
    {
        await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        foreach (var message in messages)
        {
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync(Sender, [User], message.Bytes)).Code);
        }
    }
}
