// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>The contract for changing stored messages: flags with MODSEQ, expunge, copy and move.</summary>
public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task Flag_changes_give_changed_messages_one_new_modseq_and_leave_unchanged_ones_alone()
    {
        var (inbox, uids) = await MailboxWithMessagesAsync("flags@example.org", 3);
        var before = (await Store.FindMailboxAsync(inbox.UserId, "INBOX", Ct))!.HighestModSeq;
        await Store.UpdateFlagsAsync(inbox.Id, [uids[0]], FlagOperation.Add, SystemFlags.Seen, [], null, Ct);

        var result = await Store.UpdateFlagsAsync(inbox.Id, [.. uids, 999], FlagOperation.Add, SystemFlags.Seen | SystemFlags.Flagged, ["$Forwarded"], null, Ct);

        Assert.Equal(uids, result.Messages.Select(m => m.Uid));
        Assert.Equal(before + 2, result.HighestModSeq);
        Assert.All(result.Messages, m => Assert.Equal(before + 2, m.ModSeq));
        Assert.All(result.Messages, m => Assert.Equal(SystemFlags.Seen | SystemFlags.Flagged, m.Flags));
        Assert.All(result.Messages, m => Assert.Equal(["$Forwarded"], m.Keywords));

        var again = await Store.UpdateFlagsAsync(inbox.Id, uids, FlagOperation.Add, SystemFlags.Seen, ["$FORWARDED"], null, Ct);
        Assert.Equal(before + 2, again.HighestModSeq);
        Assert.All(again.Messages, m => Assert.Equal(before + 2, m.ModSeq));
        var stored = await Store.ListMessagesAsync(inbox.Id, Ct);
        Assert.All(stored, m => Assert.Equal(["$Forwarded"], m.Keywords));
    }

    [Fact]
    public async Task Replace_and_remove_set_exactly_the_given_flags_and_keywords()
    {
        var (inbox, uids) = await MailboxWithMessagesAsync("replace@example.org", 1);
        await Store.UpdateFlagsAsync(inbox.Id, uids, FlagOperation.Replace, SystemFlags.Seen | SystemFlags.Draft, ["$Junk", "work"], null, Ct);

        var removed = await Store.UpdateFlagsAsync(inbox.Id, uids, FlagOperation.Remove, SystemFlags.Draft, ["WORK"], null, Ct);

        var message = Assert.Single(removed.Messages);
        Assert.Equal(SystemFlags.Seen, message.Flags);
        Assert.Equal(["$Junk"], message.Keywords);
        var replaced = await Store.UpdateFlagsAsync(inbox.Id, uids, FlagOperation.Replace, SystemFlags.None, [], null, Ct);
        Assert.Equal(SystemFlags.None, replaced.Messages[0].Flags);
        Assert.Empty(replaced.Messages[0].Keywords);
    }

    [Fact]
    public async Task Unchangedsince_refuses_messages_modified_after_it_and_changes_the_others()
    {
        var (inbox, uids) = await MailboxWithMessagesAsync("condstore@example.org", 2);
        var first = await Store.UpdateFlagsAsync(inbox.Id, [uids[0]], FlagOperation.Add, SystemFlags.Flagged, [], null, Ct);
        var since = (await Store.ListMessagesAsync(inbox.Id, Ct))[1].ModSeq;

        var result = await Store.UpdateFlagsAsync(inbox.Id, uids, FlagOperation.Add, SystemFlags.Seen, [], since, Ct);

        Assert.Equal([uids[0]], result.Failed);
        Assert.Equal(uids[1], Assert.Single(result.Messages).Uid);
        var stored = await Store.ListMessagesAsync(inbox.Id, Ct);
        Assert.Equal(SystemFlags.Flagged, stored[0].Flags);
        Assert.Equal(first.HighestModSeq, stored[0].ModSeq);
        Assert.Equal(SystemFlags.Seen, stored[1].Flags);
        var zero = await Store.UpdateFlagsAsync(inbox.Id, uids, FlagOperation.Add, SystemFlags.Seen, [], 0, Ct);
        Assert.Equal(uids, zero.Failed);
    }

    [Fact]
    public async Task Expunge_removes_only_deleted_messages_and_returns_blobs_nothing_else_references()
    {
        var (inbox, uids) = await MailboxWithMessagesAsync("expunge@example.org", 4);
        var trash = (await Store.FindMailboxAsync(inbox.UserId, "Trash", Ct))!;
        await Store.CopyMessagesAsync(inbox.Id, [uids[1]], trash.Id, move: false, Ct);
        await Store.UpdateFlagsAsync(inbox.Id, [uids[0], uids[1], uids[3]], FlagOperation.Add, SystemFlags.Deleted, [], null, Ct);
        var blobs = (await Store.ListMessagesAsync(inbox.Id, Ct)).ToDictionary(m => m.Uid, m => m.BlobId);

        var only = await Store.ExpungeAsync(inbox.Id, [uids[3], uids[2]], Ct);
        var all = await Store.ExpungeAsync(inbox.Id, null, Ct);

        Assert.Equal([uids[3]], only.Uids);
        Assert.Equal([new OrphanBlob(blobs[uids[3]], false)], only.OrphanBlobs);
        Assert.Equal([uids[0], uids[1]], all.Uids);
        // The blob of uids[1] is still referenced by its copy in Trash.
        Assert.Equal([new OrphanBlob(blobs[uids[0]], false)], all.OrphanBlobs);
        Assert.Equal([uids[2]], (await Store.ListMessagesAsync(inbox.Id, Ct)).Select(m => m.Uid));
        Assert.True(all.HighestModSeq > only.HighestModSeq);
        Assert.Empty((await Store.ExpungeAsync(inbox.Id, null, Ct)).Uids);
    }

    [Fact]
    public async Task Uids_are_never_reused_after_an_expunge()
    {
        var (inbox, uids) = await MailboxWithMessagesAsync("reuse@example.org", 2);
        await Store.UpdateFlagsAsync(inbox.Id, uids, FlagOperation.Add, SystemFlags.Deleted, [], null, Ct);
        await Store.ExpungeAsync(inbox.Id, null, Ct);

        var next = await Store.AppendMessageAsync(inbox.Id, Message(), Ct);

        Assert.Equal(uids[^1] + 1, next.Uid);
    }

    [Fact]
    public async Task Copy_keeps_blob_metadata_flags_and_date_with_new_ascending_uids_in_the_target()
    {
        var (inbox, uids) = await MailboxWithMessagesAsync("copy@example.org", 3);
        await Store.UpdateFlagsAsync(inbox.Id, [uids[1]], FlagOperation.Add, SystemFlags.Answered, ["$Forwarded"], null, Ct);
        var archive = (await Store.FindMailboxAsync(inbox.UserId, "Archive", Ct))!;

        var result = await Store.CopyMessagesAsync(inbox.Id, [uids[2], uids[1], 77], archive.Id, move: false, Ct);

        Assert.Equal([(uids[1], 1L), (uids[2], 2L)], result.Pairs);
        Assert.Equal(archive.UidValidity, result.TargetUidValidity);
        var source = await Store.ListMessagesAsync(inbox.Id, Ct);
        var copies = await Store.ListMessagesAsync(archive.Id, Ct);
        Assert.Equal(3, source.Count);
        Assert.Equal(source[1].BlobId, copies[0].BlobId);
        Assert.Equal(source[1].Metadata, copies[0].Metadata);
        Assert.Equal(source[1].InternalDate, copies[0].InternalDate);
        Assert.Equal(SystemFlags.Answered, copies[0].Flags);
        Assert.Equal(["$Forwarded"], copies[0].Keywords);
    }

    [Fact]
    public async Task Move_removes_the_originals_in_the_same_transaction()
    {
        var (inbox, uids) = await MailboxWithMessagesAsync("move@example.org", 2);
        var junk = (await Store.FindMailboxAsync(inbox.UserId, "Junk", Ct))!;
        var before = (await Store.FindMailboxAsync(inbox.UserId, "INBOX", Ct))!.HighestModSeq;

        var result = await Store.CopyMessagesAsync(inbox.Id, [uids[0]], junk.Id, move: true, Ct);

        Assert.Equal([(uids[0], 1L)], result.Pairs);
        Assert.Equal([uids[1]], (await Store.ListMessagesAsync(inbox.Id, Ct)).Select(m => m.Uid));
        Assert.Single(await Store.ListMessagesAsync(junk.Id, Ct));
        Assert.True(result.SourceHighestModSeq > before);
    }

    [Fact]
    public async Task Copy_between_two_users_is_refused()
    {
        var (inbox, uids) = await MailboxWithMessagesAsync("one@example.org", 1);
        var other = await Store.CreateUserAsync("two@example.org", EncryptionState.None, null, null, Ct);
        var theirs = (await Store.FindMailboxAsync(other.Id, "INBOX", Ct))!;

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CopyMessagesAsync(inbox.Id, uids, theirs.Id, move: true, Ct));

        Assert.Single(await Store.ListMessagesAsync(inbox.Id, Ct));
        Assert.Empty(await Store.ListMessagesAsync(theirs.Id, Ct));
    }

    async Task<(MailboxRecord Inbox, long[] Uids)> MailboxWithMessagesAsync(string address, int count)
    {
        var user = await Store.CreateUserAsync(address, EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var uids = new long[count];
        for (var i = 0; i < count; i++)
        {
            uids[i] = (await Store.AppendMessageAsync(inbox.Id, Message(), Ct)).Uid;
        }

        return (inbox, uids);
    }

    static NewMessage Message() =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), 10, false, [1, 2, 3], SystemFlags.None, DateTime.UtcNow);
}
