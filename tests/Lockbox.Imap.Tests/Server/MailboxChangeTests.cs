// SPDX-License-Identifier: MIT
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.Imap.Tests.Server;

/// <summary>
/// STORE, COPY, MOVE, EXPUNGE and IDLE driven by MailKit's ImapClient over a real listener and a real,
/// encrypting Vault; two clients at once for what one session must see of the other's changes.
/// </summary>
public sealed class MailboxChangeTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    /// <summary>How long a change may take to reach an idling client.</summary>
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flags_keywords_copy_move_and_expunge_work_and_uids_are_never_reused()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        for (var i = 1; i <= 4; i++)
        {
            await server.DeliverAsync(Address, Message($"message {i}"));
        }

        using var client = await LoggedInClientAsync(server);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.UidPlus | ImapCapabilities.Move | ImapCapabilities.Idle | ImapCapabilities.CondStore));
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        var validity = inbox.UidValidity;
        Assert.True(inbox.PermanentFlags.HasFlag(MessageFlags.UserDefined));
        var uids = (await inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId, Ct)).Select(m => m.UniqueId).ToList();

        await inbox.StoreAsync(uids[0], new StoreFlagsRequest(StoreAction.Add, MessageFlags.Flagged, ["$Forwarded"]) { Silent = false }, Ct);
        await inbox.StoreAsync(uids[1], new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen | MessageFlags.Answered) { Silent = false }, Ct);
        var flags = await inbox.FetchAsync(uids, MessageSummaryItems.Flags | MessageSummaryItems.UniqueId, Ct);
        Assert.Equal(MessageFlags.Flagged, flags[0].Flags);
        Assert.Contains("$Forwarded", flags[0].Keywords);
        Assert.Equal(MessageFlags.Seen | MessageFlags.Answered, flags[1].Flags);

        var archive = await client.GetFolderAsync("Archive", Ct);
        var copied = await inbox.CopyToAsync([uids[0]], archive, Ct);
        Assert.Equal(uids[0], Assert.Single(copied.Keys));
        var trash = await client.GetFolderAsync("Trash", Ct);
        var moved = await inbox.MoveToAsync([uids[1]], trash, Ct);
        Assert.Equal(uids[1], Assert.Single(moved.Keys));
        Assert.Equal(3, inbox.Count);

        await inbox.AddFlagsAsync([uids[2], uids[3]], MessageFlags.Deleted, silent: true, Ct);
        await inbox.ExpungeAsync([uids[3]], Ct);
        Assert.Equal(2, inbox.Count);
        await inbox.ExpungeAsync(Ct);
        Assert.Equal(1, inbox.Count);
        await server.DeliverAsync(Address, Message("after the expunge"));
        await inbox.CheckAsync(Ct);

        var remaining = await inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId, Ct);
        Assert.Equal([uids[0].Id, uids[3].Id + 1], remaining.Select(m => m.UniqueId.Id));
        Assert.Equal(validity, inbox.UidValidity);
        await inbox.CloseAsync(expunge: false, Ct);
        await archive.OpenAsync(FolderAccess.ReadOnly, Ct);
        var copy = Assert.Single(await archive.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.UniqueId, Ct));
        Assert.Equal(MessageFlags.Flagged, copy.Flags);
        Assert.Equal(copied[uids[0]], copy.UniqueId);
        Assert.Contains("message 1", (await archive.GetMessageAsync(copy.UniqueId, Ct)).TextBody, StringComparison.Ordinal);
        await client.DisconnectAsync(quit: true, Ct);
    }

    [Fact]
    public async Task Idle_is_woken_by_a_delivery_through_the_funnel()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using var client = await LoggedInClientAsync(server);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        using var done = new CancellationTokenSource();
        client.Inbox.CountChanged += (_, _) => done.Cancel();

        var idle = client.IdleAsync(done.Token, Ct);
        await Task.Delay(300, Ct);
        Assert.False(idle.IsCompleted);
        var delivered = DateTime.UtcNow;
        await server.DeliverAsync(Address, Message("wake up"));
        await idle.WaitAsync(Bound, Ct);

        Assert.True(DateTime.UtcNow - delivered < Bound);
        Assert.Equal(1, client.Inbox.Count);
        await client.DisconnectAsync(quit: true, Ct);
    }

    [Fact]
    public async Task Two_sessions_see_each_others_flag_changes_and_expunges()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        for (var i = 1; i <= 3; i++)
        {
            await server.DeliverAsync(Address, Message($"message {i}"));
        }

        using var first = await LoggedInClientAsync(server);
        using var second = await LoggedInClientAsync(server);
        await first.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        await second.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        var flagged = new List<int>();
        var expunged = new List<int>();
        second.Inbox.MessageFlagsChanged += (_, e) => flagged.Add(e.Index);
        second.Inbox.MessageExpunged += (_, e) => expunged.Add(e.Index);

        await first.Inbox.AddFlagsAsync(1, MessageFlags.Flagged, silent: true, Ct);
        await second.NoOpAsync(Ct);
        Assert.Equal([1], flagged);

        await first.Inbox.AddFlagsAsync([0, 2], MessageFlags.Deleted, silent: true, Ct);
        await first.Inbox.ExpungeAsync(Ct);
        await second.NoOpAsync(Ct);
        // Highest first: the numbers are valid one after the other (RFC 3501 section 7.4.1).
        Assert.Equal([2, 0], expunged);
        Assert.Equal(1, second.Inbox.Count);
        var left = Assert.Single(await second.Inbox.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.UniqueId, Ct));
        Assert.Equal(2u, left.UniqueId.Id);
        Assert.True(left.Flags!.Value.HasFlag(MessageFlags.Flagged));

        // An idling session hears of the other's change without polling.
        using var done = new CancellationTokenSource();
        second.Inbox.MessageFlagsChanged += (_, _) => done.Cancel();
        var idle = second.IdleAsync(done.Token, Ct);
        await Task.Delay(300, Ct);
        await first.Inbox.AddFlagsAsync(0, MessageFlags.Seen, silent: true, Ct);
        await idle.WaitAsync(Bound, Ct);
        Assert.Equal([1, 0], flagged);
    }

    static async Task<ImapClient> LoggedInClientAsync(ImapTestServer server)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, Password, Ct);
        return client;
    }

    static byte[] Message(string body) =>
        Encoding.ASCII.GetBytes($"From: bob@example.net\r\nTo: alice@example.org\r\nSubject: test\r\n\r\n{body}\r\n");
}
