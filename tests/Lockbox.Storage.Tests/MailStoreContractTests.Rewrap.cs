// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>Re-wrapping stored session keys to a new key (docs/decisions/0020) in the store contract.</summary>
public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task Encrypted_messages_are_listed_by_whole_blobs_after_a_cursor_and_counted()
    {
        // Cleartext and encrypted rows side by side, as in a mailbox part-way through its opt-in.
        var user = await Store.CreateUserAsync("xia@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var archive = (await Store.FindMailboxAsync(user.Id, "Archive", Ct))!;
        var first = await Store.AppendMessageAsync(inbox.Id, Message(1), Ct);
        await Store.AppendMessageAsync(inbox.Id, Message(2), Ct);
        await Store.AppendMessageAsync(inbox.Id, Message(3) with { IsEncrypted = false }, Ct);
        await Store.CopyMessagesAsync(inbox.Id, [first.Uid], archive.Id, move: false, Ct);

        var page = await Store.ListEncryptedMessagesAsync(user.Id, null, blobLimit: 1, Ct);
        var next = await Store.ListEncryptedMessagesAsync(user.Id, page[^1].BlobId, blobLimit: 10, Ct);

        Assert.Equal([BlobId(1), BlobId(1)], page.Select(r => r.BlobId));
        Assert.Equal([BlobId(2)], next.Select(r => r.BlobId));
        Assert.Empty(await Store.ListEncryptedMessagesAsync(user.Id, BlobId(2), blobLimit: 10, Ct));
        Assert.Equal(3L, await Store.CountEncryptedMessagesAsync(user.Id, Ct));
    }

    [Fact]
    public async Task A_rewrap_switches_every_row_of_the_blob_and_replaces_only_records_that_still_hold_the_old_bytes()
    {
        var user = await Store.CreateUserAsync("yves@example.org", EncryptionState.Encrypted, null, new NewUserKey("B1", [1], [2]), Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var archive = (await Store.FindMailboxAsync(user.Id, "Archive", Ct))!;
        var first = await Store.AppendMessageAsync(inbox.Id, Message(1) with { Flags = SystemFlags.Seen, SearchDocument = [5] }, Ct);
        var copyUid = Assert.Single((await Store.CopyMessagesAsync(inbox.Id, [first.Uid], archive.Id, move: false, Ct)).Pairs).Target;
        var copy = (await Store.FindMessageAsync(archive.Id, copyUid, Ct))!;
        // A login re-sealed the copy's record under the mailbox key after the job read it.
        await Store.UpdateMetadataAsync([new MetadataUpdate(copy.Id, [9, 9], MetadataForm.MailboxKey)], Ct);
        var highest = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!.HighestModSeq;

        var result = await Store.RewrapBlobAsync(new KeyRewrap(BlobId(1), BlobId(7), 321,
        [
            new RewrappedRecords(first.Id, ([1], [1, 1]), ([5], [5, 5])),
            new RewrappedRecords(copy.Id, ([1], [1, 2]), null),
        ]), Ct);

        Assert.Equal(new BlobSwapResult(2, OldBlobUnreferenced: true), result);
        var now = (await Store.FindMessageAsync(inbox.Id, first.Uid, Ct))!;
        Assert.Equal((first.Uid, first.ModSeq, SystemFlags.Seen, BlobId(7), 321L, MetadataForm.PublicKey),
            (now.Uid, now.ModSeq, now.Flags, now.BlobId, now.StoredSize, now.MetadataForm));
        Assert.Equal([1, 1], now.Metadata);
        AssertEqual([new SearchDocumentRecord(first.Id, MetadataForm.PublicKey, [5, 5])], await Store.GetSearchDocumentsAsync([first.Id], Ct));
        var copyNow = (await Store.FindMessageAsync(archive.Id, copyUid, Ct))!;
        Assert.Equal((BlobId(7), MetadataForm.MailboxKey), (copyNow.BlobId, copyNow.MetadataForm));
        Assert.Equal([9, 9], copyNow.Metadata);
        Assert.True((await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!.HighestModSeq > highest);

        // Records only (the blob was done before): nothing switches, the old blob is still free.
        var recordsOnly = await Store.RewrapBlobAsync(new KeyRewrap(BlobId(7), null, 0, [new RewrappedRecords(first.Id, ([1, 1], [3]), null)]), Ct);
        Assert.Equal(new BlobSwapResult(0, OldBlobUnreferenced: false), recordsOnly);
        Assert.Equal([3], (await Store.FindMessageAsync(inbox.Id, first.Uid, Ct))!.Metadata);
    }

    [Fact]
    public async Task The_mailbox_key_is_replaced_only_while_it_is_the_expected_one()
    {
        var user = await Store.CreateUserAsync("zoe@example.org", EncryptionState.Encrypted, null, new NewUserKey("C1", [1], [2]), Ct);
        await Store.SetMailboxKeyIfAbsentAsync(user.Id, [1, 2, 3], Ct);

        Assert.False(await Store.ReplaceMailboxKeyAsync(user.Id, [9], [4, 5, 6], Ct));
        Assert.True(await Store.ReplaceMailboxKeyAsync(user.Id, [1, 2, 3], [4, 5, 6], Ct));
        Assert.Equal([4, 5, 6], await Store.GetMailboxKeyAsync(user.Id, Ct));
    }
}
