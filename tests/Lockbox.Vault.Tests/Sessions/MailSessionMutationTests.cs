// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Tests.Sessions;

/// <summary>Flag changes, expunge, copy, move and change waiting through the session API.</summary>
public sealed class MailSessionMutationTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stored_flags_and_keywords_show_in_the_message_list_with_a_new_modseq()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await SessionWithMailAsync(vault, encrypt: false, count: 2);
        var before = await session.ListMessagesAsync("INBOX", Ct);

        var outcome = await session.StoreFlagsAsync("INBOX", [before[1].Uid], FlagChange.Add, [@"\seen", "$Forwarded", @"\Flagged"], null, Ct);

        var state = Assert.Single(outcome.Messages);
        Assert.Equal([@"\Seen", @"\Flagged", "$Forwarded"], state.Flags);
        Assert.True(state.ModSeq > before[1].ModSeq);
        var after = await session.ListMessagesAsync("INBOX", Ct);
        Assert.Equal(before[0].ModSeq, after[0].ModSeq);
        Assert.Equal(before[0].Flags, after[0].Flags);
        Assert.Equal(state.Flags, after[1].Flags);
        Assert.Equal(outcome.HighestModSeq, (await session.ListMailboxesAsync(Ct)).Single(m => m.Name == "INBOX").HighestModSeq);
    }

    [Theory]
    [InlineData(@"\Recent")]
    [InlineData(@"\Important")]
    [InlineData("bad(keyword")]
    [InlineData("")]
    public async Task Flags_that_cannot_be_stored_are_refused(string flag)
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await SessionWithMailAsync(vault, encrypt: false, count: 1);
        var uid = (await session.ListMessagesAsync("INBOX", Ct))[0].Uid;

        await Assert.ThrowsAsync<ArgumentException>(() => session.StoreFlagsAsync("INBOX", [uid], FlagChange.Add, [flag], null, Ct));

        Assert.Empty((await session.ListMessagesAsync("INBOX", Ct))[0].Flags);
    }

    [Fact]
    public async Task Expunge_deletes_a_blob_only_when_its_last_copy_goes()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await SessionWithMailAsync(vault, encrypt: false, count: 1);
        var uid = (await session.ListMessagesAsync("INBOX", Ct))[0].Uid;
        var copy = await session.CopyMessagesAsync("INBOX", [uid], "Archive", move: false, Ct);
        var blob = Assert.Single(await vault.BlobIdsAsync());

        await session.StoreFlagsAsync("INBOX", [uid], FlagChange.Add, [@"\Deleted"], null, Ct);
        var first = await session.ExpungeAsync("INBOX", null, Ct);

        Assert.Equal([uid], first.Uids);
        Assert.Equal([blob], await vault.BlobIdsAsync());
        await session.StoreFlagsAsync("Archive", [copy.Pairs[0].Target], FlagChange.Add, [@"\Deleted"], null, Ct);
        await session.ExpungeAsync("Archive", [copy.Pairs[0].Target], Ct);
        Assert.Empty(await vault.BlobIdsAsync());
    }

    [Fact]
    public async Task Copied_and_moved_encrypted_messages_open_to_the_delivered_bytes_without_new_blobs()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await SessionWithMailAsync(vault, encrypt: true, count: 2);
        var inbox = await session.ListMessagesAsync("INBOX", Ct);
        var original = await ReadAsync(session, "INBOX", inbox[0].Uid);

        var copied = await session.CopyMessagesAsync("INBOX", [inbox[0].Uid], "Archive", move: false, Ct);
        var moved = await session.CopyMessagesAsync("INBOX", [inbox[0].Uid, inbox[1].Uid], "Trash", move: true, Ct);

        Assert.Equal([new UidPair(inbox[0].Uid, 1)], copied.Pairs);
        Assert.Equal([new UidPair(inbox[0].Uid, 1), new UidPair(inbox[1].Uid, 2)], moved.Pairs);
        Assert.Equal((await session.ListMailboxesAsync(Ct)).Single(m => m.Name == "Trash").UidValidity, moved.TargetUidValidity);
        Assert.Empty(await session.ListMessagesAsync("INBOX", Ct));
        Assert.Equal(original, await ReadAsync(session, "Archive", 1));
        Assert.Equal(original, await ReadAsync(session, "Trash", 1));
        Assert.Empty(await session.GetMetadataAsync("INBOX", [inbox[0].Uid], Ct));
        Assert.Equal(original.Length, (await session.GetMetadataAsync("Trash", [1], Ct))[1].Size);
        Assert.Equal(2, (await vault.BlobIdsAsync()).Count);
    }

    [Fact]
    public async Task Copy_to_a_missing_mailbox_fails_with_mailbox_not_found()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await SessionWithMailAsync(vault, encrypt: false, count: 1);

        await Assert.ThrowsAsync<MailboxNotFoundException>(() => session.CopyMessagesAsync("INBOX", [1], "Nowhere", move: true, Ct));

        Assert.Single(await session.ListMessagesAsync("INBOX", Ct));
    }

    [Fact]
    public async Task A_waiter_wakes_on_delivery_and_on_another_sessions_flag_change_but_not_before()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var watcher = await SessionWithMailAsync(vault, encrypt: false, count: 1);
        await using var other = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        var known = (await watcher.ListMailboxesAsync(Ct)).Single(m => m.Name == "INBOX").HighestModSeq;

        var waiting = watcher.WaitForChangeAsync("INBOX", known, Ct);
        await Task.Delay(200, Ct);
        Assert.False(waiting.IsCompleted);
        await DeliverAsync(vault, "Subject: new\r\n\r\nnew\r\n");
        var afterDelivery = await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.True(afterDelivery > known);
        var flagged = watcher.WaitForChangeAsync("INBOX", afterDelivery, Ct);
        await other.StoreFlagsAsync("INBOX", [1], FlagChange.Add, [@"\Flagged"], null, Ct);
        Assert.True(await flagged.WaitAsync(TimeSpan.FromSeconds(5), Ct) > afterDelivery);
        // A change that happened before the wait began is reported at once.
        Assert.True(await watcher.WaitForChangeAsync("INBOX", known, Ct).WaitAsync(TimeSpan.FromSeconds(5), Ct) > known);
    }

    static async Task<IMailSession> SessionWithMailAsync(VaultFixture vault, bool encrypt, int count)
    {
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt, Ct);
        for (var i = 0; i < count; i++)
        {
            await DeliverAsync(vault, $"Subject: message {i}\r\nFrom: bob@example.net\r\n\r\nbody {i}\r\n");
        }

        return await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
    }

    static async Task DeliverAsync(VaultFixture vault, string message)
    {
        var results = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([Address], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), Ct);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    static async Task<string> ReadAsync(IMailSession session, string mailbox, long uid)
    {
        await using var stream = await session.OpenMessageAsync(mailbox, uid, Ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }
}
