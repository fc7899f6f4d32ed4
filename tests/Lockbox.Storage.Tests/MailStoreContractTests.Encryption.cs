// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>Turning encryption on for a cleartext user and migrating their mail (docs/decisions/0017) in the store contract.</summary>
public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task Turning_encryption_on_sets_key_state_migration_and_consent_together_and_only_once()
    {
        var user = await Store.CreateUserAsync("una@example.org", EncryptionState.None, [1, 2, 3], null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        await Store.AppendMessageAsync(inbox.Id, Message(1) with { IsEncrypted = false }, Ct);
        await Store.AppendMessageAsync(inbox.Id, Message(2) with { IsEncrypted = false }, Ct);

        var job = await Store.StartEncryptionAsync(user.Id, new NewUserKey("CC", [1], [2]), "encryption-enabled", "agreed to encryption v1", Ct);

        Assert.Equal((EncryptionMigrationPhase.Messages, 2L, 2L), (job.Phase, job.Total, job.Remaining));
        var now = (await Store.FindUserAsync("una@example.org", Ct))!;
        Assert.Equal(EncryptionState.Encrypted, now.Encryption);
        Assert.Null(now.PasswordVerifier);
        Assert.True(Assert.Single(await Store.GetKeysAsync(user.Id, Ct)).IsActive);
        Assert.Equal("agreed to encryption v1", Assert.Single(await Store.ListAuditAsync("una@example.org", Ct)).Detail);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.StartEncryptionAsync(user.Id, new NewUserKey("DD", [1], [2]), "e", "d", Ct));
        Assert.Single(await Store.GetKeysAsync(user.Id, Ct));
        Assert.Single(await Store.ListAuditAsync("una@example.org", Ct));
    }

    [Fact]
    public async Task Once_encryption_is_on_a_cleartext_message_is_refused_as_temporary_and_an_encrypted_one_takes_the_next_uid()
    {
        var user = await Store.CreateUserAsync("uma@example.org", EncryptionState.None, [1], null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        await Store.AppendMessageAsync(inbox.Id, Message(1) with { IsEncrypted = false }, Ct);
        await Store.StartEncryptionAsync(user.Id, new NewUserKey("FF", [1], [2]), "encryption-enabled", "d", Ct);

        // A delivery that read the user before the switch (on another node, say) must not add cleartext after it.
        await Assert.ThrowsAsync<StoreUnavailableException>(() => Store.AppendMessageAsync(inbox.Id, Message(2) with { IsEncrypted = false }, Ct));
        var encrypted = await Store.AppendMessageAsync(inbox.Id, Message(3), Ct);

        Assert.Equal(2, encrypted.Uid);
        Assert.Equal([(1L, false), (2L, true)], (await Store.ListMessagesAsync(inbox.Id, Ct)).Select(m => (m.Uid, m.IsEncrypted)));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AppendMessageAsync(inbox.Id + 1000, Message(4), Ct));
    }

    [Fact]
    public async Task A_blob_swap_keeps_uids_flags_and_modseqs_raises_highestmodseq_and_says_when_the_old_blob_is_free()
    {
        var user = await Store.CreateUserAsync("vic@example.org", EncryptionState.None, [1], null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var archive = (await Store.FindMailboxAsync(user.Id, "Archive", Ct))!;
        var first = await Store.AppendMessageAsync(inbox.Id, Message(1) with { IsEncrypted = false, Flags = SystemFlags.Seen, SearchDocument = [5] }, Ct);
        await Store.CopyMessagesAsync(inbox.Id, [first.Uid], archive.Id, move: false, Ct);
        await Store.StartEncryptionAsync(user.Id, new NewUserKey("EE", [1], [2]), "encryption-enabled", "d", Ct);
        var listed = await Store.ListCleartextMessagesAsync(user.Id, blobLimit: 10, Ct);
        Assert.Equal(2, listed.Count);
        var highest = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!.HighestModSeq;

        // Only the INBOX row: the Archive copy still references the cleartext blob.
        var partial = await Store.SwapBlobAsync(new BlobSwap(BlobId(1), BlobId(9), 300, [new SealedRecords(first.Id, [7, 7], [8])]), Ct);

        Assert.Equal(new BlobSwapResult(1, OldBlobUnreferenced: false), partial);
        var swapped = (await Store.FindMessageAsync(inbox.Id, first.Uid, Ct))!;
        Assert.Equal((first.Uid, first.ModSeq, SystemFlags.Seen, BlobId(9), 300L, true, MetadataForm.PublicKey),
            (swapped.Uid, swapped.ModSeq, swapped.Flags, swapped.BlobId, swapped.StoredSize, swapped.IsEncrypted, swapped.MetadataForm));
        Assert.Equal([7, 7], swapped.Metadata);
        AssertEqual([new SearchDocumentRecord(first.Id, MetadataForm.PublicKey, [8])], await Store.GetSearchDocumentsAsync([first.Id], Ct));
        Assert.True((await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!.HighestModSeq > highest);
        var copy = Assert.Single(await Store.ListCleartextMessagesAsync(user.Id, blobLimit: 10, Ct));
        Assert.Equal(1L, (await Store.GetEncryptionMigrationAsync(user.Id, Ct))!.Remaining);

        var rest = await Store.SwapBlobAsync(new BlobSwap(BlobId(1), BlobId(10), 300, [new SealedRecords(copy.Id, [6], null)]), Ct);

        Assert.Equal(new BlobSwapResult(1, OldBlobUnreferenced: true), rest);
        Assert.Empty(await Store.ListCleartextMessagesAsync(user.Id, blobLimit: 10, Ct));
        Assert.Empty(await Store.GetSearchDocumentsAsync([copy.Id], Ct));
    }

    [Fact]
    public async Task The_store_takes_no_cleartext_search_document_for_an_encrypted_message()
    {
        var user = await Store.CreateUserAsync("wes@example.org", EncryptionState.Encrypted, null, new NewUserKey("FF", [1], [2]), Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var message = await Store.AppendMessageAsync(inbox.Id, Message(1), Ct);

        await Store.PutSearchDocumentsAsync([new SearchDocumentRecord(message.Id, MetadataForm.Clear, [1])], Ct);

        Assert.Empty(await Store.GetSearchDocumentsAsync([message.Id], Ct));
    }
}
