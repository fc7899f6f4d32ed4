// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>
/// The store contract, engine-neutral. Each engine subclasses it (STYLE.md section 6: one abstract
/// suite, not SQLite-only tests).
/// </summary>
public abstract partial class MailStoreContractTests : IAsyncLifetime
{
    IMailStore? _store;

    protected IMailStore Store => _store ?? throw new InvalidOperationException("not initialised");

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty store of the engine under test.</summary>
    protected abstract Task<IMailStore> CreateStoreAsync();

    public async ValueTask InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.MigrateAsync(Ct);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Migration_is_idempotent_and_reaches_the_newest_version()
    {
        await Store.MigrateAsync(Ct);

        Assert.Equal(16, await Store.GetSchemaVersionAsync(Ct));
    }

    [Fact]
    public async Task New_user_gets_the_six_standard_mailboxes_with_their_roles()
    {
        var user = await Store.CreateUserAsync("alice@example.org", EncryptionState.None, [1, 2, 3], null, Ct);

        var mailboxes = await Store.ListMailboxesAsync(user.Id, Ct);

        Assert.Equal(
            ["Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"],
            mailboxes.Select(m => m.Name));
        Assert.Equal(SpecialUse.Inbox, mailboxes.Single(m => m.Name == "INBOX").Role);
        Assert.All(mailboxes, m => Assert.Equal(1, m.UidNext));
        Assert.Equal(6, mailboxes.Select(m => m.UidValidity).Distinct().Count());
    }

    [Fact]
    public async Task Addresses_are_unique_regardless_of_case_and_found_regardless_of_case()
    {
        await Store.CreateUserAsync("Bob@Example.org", EncryptionState.None, null, null, Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.CreateUserAsync("bob@example.ORG", EncryptionState.None, null, null, Ct));
        var found = await Store.FindUserAsync("BOB@EXAMPLE.ORG", Ct);
        Assert.Equal("Bob@Example.org", found?.Address);
        Assert.Null(await Store.FindUserAsync("nobody@example.org", Ct));
    }

    [Fact]
    public async Task First_key_is_active_and_credentials_update_atomically()
    {
        var key = new NewUserKey("ABCD", [9, 9], [1, 1, 1]);
        var user = await Store.CreateUserAsync("carol@example.org", EncryptionState.Encrypted, null, key, Ct);
        var stored = Assert.Single(await Store.GetKeysAsync(user.Id, Ct));
        Assert.True(stored.IsActive);
        Assert.Equal([1, 1, 1], stored.ProtectedSecretKey);

        // A key ID that is not the user's aborts the whole update: the old secret stays.
        await Assert.ThrowsAnyAsync<Exception>(() => Store.UpdateCredentialsAsync(
            user.Id, new Dictionary<long, byte[]> { [stored.Id] = [2, 2, 2], [stored.Id + 1000] = [3] }, null, passwordChanged: true, Audit(user), Ct));
        Assert.Equal([1, 1, 1], (await Store.GetKeysAsync(user.Id, Ct))[0].ProtectedSecretKey);
        Assert.Empty(await Store.ListAuditAsync(user.Address, Ct));

        await Store.UpdateCredentialsAsync(user.Id, new Dictionary<long, byte[]> { [stored.Id] = [2, 2, 2] }, null, passwordChanged: true, Audit(user), Ct);
        Assert.Equal([2, 2, 2], (await Store.GetKeysAsync(user.Id, Ct))[0].ProtectedSecretKey);
        Assert.Equal(["password-changed"], (await Store.ListAuditAsync(user.Address, Ct)).Select(r => r.Event));
    }

    /// <summary>The entry a credential change commits with (issue 5: no credential change goes unlogged).</summary>
    static AuditEntry Audit(UserRecord user) => new(user.Address, "password-changed", "test");

    [Fact]
    public async Task Concurrent_appends_get_unique_strictly_ascending_uids_and_modseqs()
    {
        var user = await Store.CreateUserAsync("dave@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "inbox", Ct))!;

        var appended = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Store.AppendMessageAsync(inbox.Id, Message(i), Ct)));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), appended.Select(m => m.Uid).Order());
        Assert.Equal(40, appended.Select(m => m.ModSeq).Distinct().Count());
        var listed = await Store.ListMessagesAsync(inbox.Id, Ct);
        Assert.Equal(listed.Select(m => m.Uid).Order(), listed.Select(m => m.Uid));
        var after = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        Assert.Equal(41, after.UidNext);
        Assert.Equal(listed.Max(m => m.ModSeq), after.HighestModSeq);
    }

    [Fact]
    public async Task An_append_to_a_missing_mailbox_fails_alone_among_concurrent_appends()
    {
        var user = await Store.CreateUserAsync("ivan@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;

        var good = Enumerable.Range(0, 20).Select(i => Store.AppendMessageAsync(inbox.Id, Message(i), Ct)).ToList();
        var bad = Store.AppendMessageAsync(inbox.Id + 100_000, Message(99), Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => bad);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), (await Task.WhenAll(good)).Select(m => m.Uid).Order());
        Assert.DoesNotContain(BlobId(99), await Store.ListReferencedFileBlobsAsync(null, null, Ct));
    }

    [Fact]
    public async Task Recreated_mailbox_gets_a_new_uidvalidity()
    {
        var user = await Store.CreateUserAsync("erin@example.org", EncryptionState.None, null, null, Ct);

        var first = await Store.CreateMailboxAsync(user.Id, "Projects", null, Ct);
        var second = await Store.CreateMailboxAsync(user.Id, "Projects/2026", null, Ct);

        Assert.True(second.UidValidity > first.UidValidity);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateMailboxAsync(user.Id, "Projects", null, Ct));
    }

    [Fact]
    public async Task Deleting_a_user_removes_every_row_and_returns_its_blobs()
    {
        var user = await Store.CreateUserAsync("frank@example.org", EncryptionState.None, null, null, Ct);
        var other = await Store.CreateUserAsync("grace@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var otherInbox = (await Store.FindMailboxAsync(other.Id, "INBOX", Ct))!;
        await Store.AppendMessageAsync(inbox.Id, Message(1), Ct);
        await Store.AppendMessageAsync(inbox.Id, Message(2), Ct);
        await Store.AppendMessageAsync(otherInbox.Id, Message(3), Ct);

        var blobs = await Store.DeleteUserAsync(user.Id, Ct);

        Assert.Equal([BlobId(1), BlobId(2)], blobs.Order());
        Assert.Null(await Store.FindUserAsync("frank@example.org", Ct));
        Assert.Empty(await Store.ListMailboxesAsync(user.Id, Ct));
        Assert.Empty(await Store.ListMessagesAsync(inbox.Id, Ct));
        Assert.Equal([BlobId(3)], await Store.ListReferencedFileBlobsAsync(null, null, Ct));
    }

    [Fact]
    public async Task Referenced_file_blobs_are_listed_one_range_of_IDs_at_a_time()
    {
        var user = await Store.CreateUserAsync("range@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        string[] ids = ["00" + new string('f', 30), "0a" + new string('0', 30), "0a" + new string('f', 30), "0b" + new string('0', 30), "ff" + new string('f', 30)];
        foreach (var id in ids)
        {
            await Store.AppendMessageAsync(inbox.Id, Message(1) with { BlobId = id }, Ct);
        }

        Assert.Equal([ids[0]], await Store.ListReferencedFileBlobsAsync(null, "0a", Ct));
        Assert.Equal([ids[1], ids[2]], (await Store.ListReferencedFileBlobsAsync("0a", "0b", Ct)).Order(StringComparer.Ordinal));
        Assert.Equal([ids[3]], await Store.ListReferencedFileBlobsAsync("0b", "0c", Ct));
        Assert.Equal([ids[4]], await Store.ListReferencedFileBlobsAsync("ff", null, Ct));
        Assert.Equal(ids, (await Store.ListReferencedFileBlobsAsync(null, null, Ct)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task First_stored_mailbox_key_wins_and_metadata_can_be_resealed()
    {
        var user = await Store.CreateUserAsync("ivy@example.org", EncryptionState.Encrypted, null, new NewUserKey("FF", [1], [2]), Ct);
        Assert.Null(await Store.GetMailboxKeyAsync(user.Id, Ct));

        Assert.Equal([7, 7], await Store.SetMailboxKeyIfAbsentAsync(user.Id, [7, 7], Ct));
        Assert.Equal([7, 7], await Store.SetMailboxKeyIfAbsentAsync(user.Id, [8, 8], Ct));

        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var message = await Store.AppendMessageAsync(inbox.Id, Message(1), Ct);
        Assert.Equal(MetadataForm.PublicKey, message.MetadataForm);
        await Store.UpdateMetadataAsync([new MetadataUpdate(message.Id, [42], MetadataForm.MailboxKey), new MetadataUpdate(999_999, [1], MetadataForm.MailboxKey)], Ct);
        var stored = Assert.Single(await Store.ListMessagesAsync(inbox.Id, Ct));
        Assert.Equal(MetadataForm.MailboxKey, stored.MetadataForm);
        Assert.Equal([42], stored.Metadata);
    }

    [Fact]
    public async Task An_inline_blob_commits_with_its_row_and_goes_with_its_last_copy()
    {
        var user = await Store.CreateUserAsync("jack@example.org", EncryptionState.None, null, null, Ct);
        var inbox = (await Store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var archive = await Store.CreateMailboxAsync(user.Id, "Kept", null, Ct);
        byte[] content = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];
        var inline = await Store.AppendMessageAsync(inbox.Id, Message(1) with { StoredSize = content.Length, InlineContent = content }, Ct);
        await Store.AppendMessageAsync(inbox.Id, Message(2), Ct);
        await Store.CopyMessagesAsync(inbox.Id, [inline.Uid], archive.Id, move: false, Ct);

        Assert.Equal(content, await Store.ReadInlineBlobAsync(BlobId(1), Ct));
        Assert.Null(await Store.ReadInlineBlobAsync(BlobId(2), Ct));
        Assert.Equal([BlobId(2)], await Store.ListReferencedFileBlobsAsync(null, null, Ct));

        // The first copy goes: the blob stays for the other. The last goes: the blob goes in the same transaction.
        await Store.UpdateFlagsAsync(inbox.Id, [inline.Uid], FlagOperation.Add, SystemFlags.Deleted, [], null, Ct);
        var first = await Store.ExpungeAsync(inbox.Id, [inline.Uid], Ct);
        Assert.Empty(first.OrphanBlobs);
        Assert.Equal(content, await Store.ReadInlineBlobAsync(BlobId(1), Ct));
        await Store.UpdateFlagsAsync(archive.Id, [1], FlagOperation.Add, SystemFlags.Deleted, [], null, Ct);
        var last = await Store.ExpungeAsync(archive.Id, null, Ct);
        Assert.Equal([BlobId(1)], last.OrphanBlobs.Select(o => o.BlobId));
        Assert.Null(await Store.ReadInlineBlobAsync(BlobId(1), Ct));
    }

    static string BlobId(int i) => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    static NewMessage Message(int i) =>
        new(BlobId(i), 100 + i, IsEncrypted: true, Metadata: [(byte)i], SystemFlags.None, DateTime.UtcNow);
}
