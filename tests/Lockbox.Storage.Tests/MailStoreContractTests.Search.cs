// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>Search documents (docs/decisions/0009) in the store contract.</summary>
public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task Search_document_is_stored_with_its_row_in_the_metadata_form_and_can_be_resealed_page_by_page()
    {
        var user = await Store.CreateUserAsync("sam@example.org", EncryptionState.Encrypted, null, new NewUserKey("AA", [1], [2]), Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var indexed = await Store.AppendMessageAsync(inbox.Id, Message(1) with { SearchDocument = [9, 9] }, Ct);
        var bare = await Store.AppendMessageAsync(inbox.Id, Message(2), Ct);

        AssertEqual([new SearchDocumentRecord(indexed.Id, MetadataForm.PublicKey, [9, 9])], await Store.GetSearchDocumentsAsync([indexed.Id, bare.Id], Ct));
        Assert.Single(await Store.ListSearchDocumentsAsync(inbox.Id, MetadataForm.PublicKey, 0, 10, Ct));
        var rows = await Store.ListMessageRowsAsync(inbox.Id, Ct);
        Assert.Equal([indexed.Uid, bare.Uid], rows.Select(r => r.Uid));
        Assert.All(rows, r => Assert.Empty(r.Metadata));

        await Store.PutSearchDocumentsAsync(
            [new SearchDocumentRecord(indexed.Id, MetadataForm.MailboxKey, [4]), new SearchDocumentRecord(bare.Id, MetadataForm.MailboxKey, [5]),
             new SearchDocumentRecord(999_999, MetadataForm.MailboxKey, [6])], Ct);

        Assert.Empty(await Store.ListSearchDocumentsAsync(inbox.Id, MetadataForm.PublicKey, 0, 10, Ct));
        AssertEqual(
            [new SearchDocumentRecord(indexed.Id, MetadataForm.MailboxKey, [4]), new SearchDocumentRecord(bare.Id, MetadataForm.MailboxKey, [5])],
            await Store.ListSearchDocumentsAsync(inbox.Id, MetadataForm.MailboxKey, 0, 10, Ct));
        AssertEqual([new SearchDocumentRecord(bare.Id, MetadataForm.MailboxKey, [5])], await Store.ListSearchDocumentsAsync(inbox.Id, MetadataForm.MailboxKey, indexed.Id, 10, Ct));
        AssertEqual([new SearchDocumentRecord(indexed.Id, MetadataForm.MailboxKey, [4])], await Store.ListSearchDocumentsAsync(inbox.Id, MetadataForm.MailboxKey, 0, 1, Ct));
        Assert.Empty(await Store.GetSearchDocumentsAsync([999_999], Ct));
    }

    [Fact]
    public async Task Search_document_is_copied_with_its_message_and_deleted_with_it()
    {
        var user = await Store.CreateUserAsync("tom@example.org", EncryptionState.Encrypted, null, new NewUserKey("BB", [1], [2]), Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var archive = (await Store.FindMailboxAsync(user.Id, "Archive", Ct))!;
        var original = await Store.AppendMessageAsync(inbox.Id, Message(1) with { SearchDocument = [7] }, Ct);
        var copy = await Store.AppendMessageAsync(archive.Id, Message(1), Ct);

        await Store.CopySearchDocumentAsync(original.Id, copy.Id, Ct);

        AssertEqual([new SearchDocumentRecord(copy.Id, MetadataForm.PublicKey, [7])], await Store.GetSearchDocumentsAsync([copy.Id], Ct));
        await Store.DeleteUserAsync(user.Id, Ct);
        Assert.Empty(await Store.GetSearchDocumentsAsync([original.Id, copy.Id], Ct));
    }

    // Records compare their byte arrays by reference: compare their contents instead.
    static List<(long, MetadataForm, string)> Documents(IEnumerable<SearchDocumentRecord> records) =>
        [.. records.OrderBy(r => r.MessageId).Select(r => (r.MessageId, r.Form, Convert.ToHexString(r.Document)))];

    static void AssertEqual(IEnumerable<SearchDocumentRecord> expected, IEnumerable<SearchDocumentRecord> actual) =>
        Assert.Equal(Documents(expected), Documents(actual));
}
