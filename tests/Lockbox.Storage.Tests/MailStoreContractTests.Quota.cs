// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>Storage quotas (docs/decisions/0041): the count every write keeps, a user's own limit, the warning's claim.</summary>
public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task The_stored_bytes_follow_every_write_to_messages_and_equal_the_sum_of_the_rows()
    {
        var user = await Store.CreateUserAsync("quinn@example.org", EncryptionState.None, [1], null, Ct);
        var other = await Store.CreateUserAsync("quentin@example.org", EncryptionState.None, [1], null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var archive = (await Store.FindMailboxAsync(user.Id, "Archive", Ct))!;
        var trash = (await Store.FindMailboxAsync(user.Id, "Trash", Ct))!;
        await Store.AppendMessageAsync((await Store.FindMailboxAsync(other.Id, "INBOX", Ct))!.Id, Message(9) with { StoredSize = 5000 }, Ct);
        Assert.Equal(0, (await Store.FindUserAsync(user.Address, Ct))!.StoredBytes);

        var first = await Store.AppendMessageAsync(inbox.Id, Message(1) with { StoredSize = 1000, IsEncrypted = false }, Ct);
        var second = await Store.AppendMessageAsync(inbox.Id, Message(2) with { StoredSize = 200, IsEncrypted = false }, Ct);
        await Store.AppendMessageAsync(inbox.Id, Message(3) with { StoredSize = 30, IsEncrypted = false }, Ct);
        await AssertStoredBytesAsync(user, 1230);

        // A copy shares the blob, and counts again (as in Dovecot: each message is in the mailbox it is in).
        await Store.CopyMessagesAsync(inbox.Id, [first.Uid], archive.Id, move: false, Ct);
        await AssertStoredBytesAsync(user, 2230);
        await Store.CopyMessagesAsync(inbox.Id, [second.Uid], trash.Id, move: true, Ct);
        await AssertStoredBytesAsync(user, 2230);

        // Flags change nothing; an expunge takes the message's size off.
        await Store.UpdateFlagsAsync(inbox.Id, [first.Uid], FlagOperation.Add, SystemFlags.Deleted, [], null, Ct);
        await AssertStoredBytesAsync(user, 2230);
        await Store.ExpungeAsync(inbox.Id, null, Ct);
        await AssertStoredBytesAsync(user, 1230);

        // Re-encryption changes a stored size in place.
        await Store.StartEncryptionAsync(user.Id, new NewUserKey("AB", [1], [2]), "encryption-enabled", "d", Ct);
        var copy = (await Store.ListMessagesAsync(archive.Id, Ct)).Single();
        await Store.SwapBlobAsync(new BlobSwap(copy.BlobId, BlobId(20), 1400, [new SealedRecords(copy.Id, [7], null)]), Ct);
        await AssertStoredBytesAsync(user, 1630);

        // A renamed INBOX takes its messages to the new name; a deleted mailbox takes its own.
        await Store.RenameMailboxAsync(user.Id, "INBOX", "Old mail", Ct);
        await AssertStoredBytesAsync(user, 1630);
        await Store.DeleteMailboxAsync(trash.Id, Ct);
        await AssertStoredBytesAsync(user, 1430);
        Assert.Equal(5000, (await Store.FindUserAsync(other.Address, Ct))!.StoredBytes);
    }

    [Fact]
    public async Task A_users_own_limit_is_set_read_with_the_user_and_cleared_back_to_the_default()
    {
        var user = await Store.CreateUserAsync("rhea@example.org", EncryptionState.None, [1], null, Ct);
        Assert.Null(user.QuotaBytes);

        Assert.True(await Store.SetQuotaAsync(user.Id, 50_000_000_000, Ct));
        Assert.Equal(50_000_000_000, (await Store.FindUserAsync("rhea@example.org", Ct))!.QuotaBytes);
        Assert.Equal(50_000_000_000, (await Store.ListUsersAsync(Ct)).Single(u => u.Id == user.Id).QuotaBytes);

        Assert.True(await Store.SetQuotaAsync(user.Id, null, Ct));
        Assert.Null((await Store.FindUserAsync("rhea@example.org", Ct))!.QuotaBytes);
        Assert.False(await Store.SetQuotaAsync(user.Id + 1000, 1, Ct));
    }

    [Fact]
    public async Task The_quota_warning_is_claimed_by_one_of_several_at_once_and_cleared_once()
    {
        var user = await Store.CreateUserAsync("wanda@example.org", EncryptionState.None, [1], null, Ct);
        Assert.False(user.QuotaWarned);

        // Deliveries that cross the threshold together each try to claim the notice; one wins.
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.SetQuotaWarnedAsync(user.Id, true, Ct), Ct)));
        Assert.Equal(1, claims.Count(c => c));
        Assert.True((await Store.FindUserAsync(user.Address, Ct))!.QuotaWarned);
        Assert.True((await Store.ListUsersAsync(Ct)).Single(u => u.Id == user.Id).QuotaWarned);

        Assert.True(await Store.SetQuotaWarnedAsync(user.Id, false, Ct));
        Assert.False(await Store.SetQuotaWarnedAsync(user.Id, false, Ct));
        Assert.False((await Store.FindUserAsync(user.Address, Ct))!.QuotaWarned);
        Assert.False(await Store.SetQuotaWarnedAsync(user.Id + 1000, true, Ct));
    }

    /// <summary>The store's count against the oracle: the sizes of the rows the user's mailboxes list.</summary>
    async Task AssertStoredBytesAsync(UserRecord user, long expected)
    {
        long rows = 0;
        foreach (var mailbox in await Store.ListMailboxesAsync(user.Id, Ct))
        {
            rows += (await Store.ListMessagesAsync(mailbox.Id, Ct)).Sum(m => m.StoredSize);
        }

        Assert.Equal(expected, rows);
        Assert.Equal(expected, (await Store.FindUserAsync(user.Address, Ct))!.StoredBytes);
        Assert.Equal(expected, (await Store.ListUsersAsync(Ct)).Single(u => u.Id == user.Id).StoredBytes);
    }
}
