// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Keys;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Caching;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Search;
using Lockbox.Vault.Tests.Search;
using Lockbox.Vault.Sessions;
using Q = Lockbox.Vault.Contracts.SearchQuery;

namespace Lockbox.Vault.Tests.Sessions;

/// <summary>The unlocked user's caches (docs/decisions/0014): shared, bounded, dropped with the state, never stale.</summary>
public sealed class SessionCacheTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sessions_of_one_user_share_the_decoded_metadata()
    {
        await using var vault = await VaultWithMailAsync(3);
        var sessions = vault.Get<ISessionService>();
        await using var first = await sessions.OpenSessionAsync(Address, Password, Ct);
        await using var second = await sessions.OpenSessionAsync(Address, Password, Ct);

        var seen = await first.GetMetadataAsync("INBOX", [1, 2, 3], Ct);
        var shared = await second.GetMetadataAsync("INBOX", [1, 2, 3], Ct);

        Assert.Equal(3, seen.Count);
        Assert.All(seen, pair => Assert.Same(pair.Value, shared[pair.Key]));
    }

    [Fact]
    public async Task A_bounded_metadata_cache_evicts_and_still_answers_every_message()
    {
        await using var vault = await VaultWithMailAsync(6, o => o.MetadataCacheBytes = 4096);
        await using var session = (MailSession)await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        var metadata = await session.GetMetadataAsync("INBOX", [1, 2, 3, 4, 5, 6], Ct);

        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"message {i}"), metadata.OrderBy(p => p.Key).Select(p => Subject(p.Value)));
        var cache = session.State.Caches.Metadata;
        Assert.InRange(cache.Size, 1, 4096);
        Assert.InRange(cache.Count, 1, 5);
    }

    [Fact]
    public async Task Listing_a_large_enough_mailbox_packs_its_cached_header_fields_before_any_search()
    {
        await using var vault = await VaultWithMailAsync(4, o => o.SearchPackAheadRows = 3);
        await using var session = (MailSession)await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        await session.ListMessagesAsync("INBOX", Ct);

        var store = vault.Get<IMailStore>();
        var inbox = (await store.FindMailboxAsync((await store.FindUserAsync(Address, Ct))!.Id, "INBOX", Ct))!;
        var packed = await session.State.Caches.Rows.Find(inbox)!.CompactDocumentsAsync();
        Assert.NotNull(packed);
        Assert.Equal(4, packed.Length);
        Assert.True(packed[3].HeaderContains("subject"u8, "message 4"u8));
        Assert.Equal([2], await session.SearchAsync("INBOX", Subject("message 2"), Ct));
    }

    [Fact]
    public async Task A_flag_change_keeps_the_packed_documents_and_a_new_message_does_not()
    {
        await using var vault = await VaultWithMailAsync(4, o => o.SearchPackAheadRows = 3);
        await using var session = (MailSession)await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        var store = vault.Get<IMailStore>();
        async Task<SearchDocument[]?> PackedAsync()
        {
            await session.ListMessagesAsync("INBOX", Ct);
            var inbox = (await store.FindMailboxAsync((await store.FindUserAsync(Address, Ct))!.Id, "INBOX", Ct))!;
            return await session.State.Caches.Rows.Find(inbox)!.CompactDocumentsAsync();
        }

        var packed = await PackedAsync();
        await session.StoreFlagsAsync("INBOX", [2], FlagChange.Add, ["\\Seen"], null, Ct);
        var afterFlags = await PackedAsync();
        await SearchCorpus.DeliverAsync(vault, Address, Message("5"));
        var afterDelivery = await PackedAsync();

        Assert.NotNull(packed);
        // The same packed array: nothing was gathered or packed again for a change that changes no document.
        Assert.Same(packed, afterFlags);
        // Another message: these documents no longer line up with the rows.
        Assert.NotSame(packed, afterDelivery);
    }

    [Fact]
    public async Task A_sessions_own_flag_change_updates_its_cached_rows_instead_of_listing_them_again()
    {
        await using var vault = await VaultWithMailAsync(3);
        await using var session = (MailSession)await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        var store = vault.Get<IMailStore>();
        async Task<MailboxRows?> CachedAsync() =>
            session.State.Caches.Rows.Find((await store.FindMailboxAsync((await store.FindUserAsync(Address, Ct))!.Id, "INBOX", Ct))!);
        await session.ListMessagesAsync("INBOX", Ct);
        var before = (await CachedAsync())!;

        await session.StoreFlagsAsync("INBOX", [2], FlagChange.Add, ["\\Seen"], null, Ct);
        var after = await CachedAsync();

        // Filed under the new mailbox state without a listing: the untouched rows are the very same objects.
        Assert.NotNull(after);
        Assert.NotSame(before, after);
        Assert.Same(before.Rows[0], after.Rows[0]);
        Assert.Same(before.Rows[2], after.Rows[2]);
        Assert.Equal(["\\Seen"], after.Infos[1].Flags);
        Assert.Equal((await store.ListMessageRowsAsync(before.MailboxId, Ct)).Select(r => (r.Uid, r.ModSeq, r.Flags)), after.Rows.Select(r => (r.Uid, r.ModSeq, r.Flags)));
        Assert.Contains("\\Seen", (await session.ListMessagesAsync("INBOX", Ct))[1].Flags);
    }

    [Fact]
    public async Task A_mailbox_below_the_threshold_is_packed_by_its_first_header_search_only()
    {
        await using var vault = await VaultWithMailAsync(2, o => o.SearchPackAheadRows = 3);
        await using var session = (MailSession)await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        var store = vault.Get<IMailStore>();
        var inbox = (await store.FindMailboxAsync((await store.FindUserAsync(Address, Ct))!.Id, "INBOX", Ct))!;

        await session.ListMessagesAsync("INBOX", Ct);
        var before = await session.State.Caches.Rows.Find(inbox)!.CompactDocumentsAsync();
        Assert.Equal([1], await session.SearchAsync("INBOX", Subject("message 1"), Ct));

        Assert.Null(before);
        Assert.NotNull(await session.State.Caches.Rows.Find(inbox)!.CompactDocumentsAsync());
    }

    [Fact]
    public async Task The_caches_are_cleared_and_zeroed_when_the_last_session_ends()
    {
        await using var vault = await VaultWithMailAsync(2);
        var sessions = vault.Get<ISessionService>();
        var first = (MailSession)await sessions.OpenSessionAsync(Address, Password, Ct);
        var second = await sessions.OpenSessionAsync(Address, Password, Ct);
        var metadata = (await first.GetMetadataAsync("INBOX", [1], Ct))[1];
        Assert.Equal([1], await first.SearchAsync("INBOX", new Q.Text(SearchTextScope.Header, "subject", "message 1"), Ct));
        var caches = first.State.Caches;
        var subject = metadata.Root.Headers.First(h => h.Name == "Subject").RawValue;
        Assert.Contains(subject, b => b != 0);
        var store = vault.Get<IMailStore>();
        var inbox = (await store.FindMailboxAsync((await store.FindUserAsync(Address, Ct))!.Id, "INBOX", Ct))!;
        var packed = (await caches.Rows.Find(inbox)!.CompactDocumentsAsync())!;
        Assert.True(packed[0].HeaderContains("subject"u8, "message 1"u8));

        await first.DisposeAsync();
        await Task.Delay(100, Ct);
        Assert.NotEqual(0, caches.Metadata.Count);
        await second.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (caches.Metadata.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(0, caches.Metadata.Count);
        Assert.Equal(0, caches.SearchFields.Count);
        Assert.Equal(0, caches.SearchDocuments.Count);
        Assert.All(subject, b => Assert.Equal(0, b));
        Assert.All(packed, d => Assert.False(d.HeaderContains("subject"u8, "message"u8)));
    }

    [Fact]
    public async Task Another_sessions_store_expunge_copy_and_move_are_seen_at_once()
    {
        await using var vault = await VaultWithMailAsync(3);
        var sessions = vault.Get<ISessionService>();
        await using var reader = await sessions.OpenSessionAsync(Address, Password, Ct);
        await using var writer = await sessions.OpenSessionAsync(Address, Password, Ct);
        await writer.CreateMailboxAsync("Kept", Ct);
        // Everything cached first: rows, metadata, compact search fields.
        Assert.Equal(3, (await reader.ListMessagesAsync("INBOX", Ct)).Count);
        Assert.Equal(3, (await reader.GetMetadataAsync("INBOX", [1, 2, 3], Ct)).Count);
        Assert.Equal([1], await reader.SearchAsync("INBOX", Subject("message 1"), Ct));
        Assert.Empty(await reader.ListMessagesAsync("Kept", Ct));

        await writer.StoreFlagsAsync("INBOX", [2], FlagChange.Add, [@"\Flagged", @"\Deleted"], null, Ct);
        Assert.Contains(@"\Flagged", (await reader.ListMessagesAsync("INBOX", Ct)).Single(m => m.Uid == 2).Flags);
        Assert.Equal([2], await reader.SearchAsync("INBOX", new Q.Flag(@"\Flagged", true), Ct));

        await writer.StoreFlagsAsync("INBOX", [1], FlagChange.Add, [@"\Deleted"], null, Ct);
        await writer.ExpungeAsync("INBOX", [1], Ct);
        Assert.Equal([2, 3], (await reader.ListMessagesAsync("INBOX", Ct)).Select(m => m.Uid));
        Assert.Empty(await reader.GetMetadataAsync("INBOX", [1], Ct));
        Assert.Empty(await reader.SearchAsync("INBOX", Subject("message 1"), Ct));

        await writer.CopyMessagesAsync("INBOX", [2], "Kept", move: false, Ct);
        await writer.CopyMessagesAsync("INBOX", [3], "Kept", move: true, Ct);
        Assert.Equal([2], (await reader.ListMessagesAsync("INBOX", Ct)).Select(m => m.Uid));
        Assert.Empty(await reader.SearchAsync("INBOX", Subject("message 3"), Ct));
        var archived = await reader.GetMetadataAsync("Kept", [1, 2], Ct);
        Assert.Equal(["message 2", "message 3"], archived.OrderBy(p => p.Key).Select(p => Subject(p.Value)));
        Assert.Equal([2], await reader.SearchAsync("Kept", Subject("message 3"), Ct));
    }

    [Fact]
    public async Task A_new_message_that_reuses_an_expunged_row_id_is_not_served_the_old_ones_data()
    {
        await using var vault = await VaultWithMailAsync(2);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        var expungedId = (await RowsAsync(vault)).Single(m => m.Uid == 2).Id;
        Assert.Equal("message 2", Subject((await session.GetMetadataAsync("INBOX", [2], Ct))[2]));
        Assert.Equal([2], await session.SearchAsync("INBOX", Subject("message 2"), Ct));
        Assert.Equal([2], await session.SearchAsync("INBOX", new Q.Text(SearchTextScope.Body, null, "body of 2"), Ct));

        await session.StoreFlagsAsync("INBOX", [2], FlagChange.Add, [@"\Deleted"], null, Ct);
        await session.ExpungeAsync("INBOX", null, Ct);
        await SearchCorpus.DeliverAsync(vault, Address, Message("replacement"));

        // SQLite gives the new row the highest free rowid, the expunged one's: caches keyed by row ID would be stale.
        Assert.Equal(expungedId, (await RowsAsync(vault)).Single(m => m.Uid == 3).Id);
        Assert.Equal("message replacement", Subject((await session.GetMetadataAsync("INBOX", [3], Ct))[3]));
        Assert.Empty(await session.SearchAsync("INBOX", Subject("message 2"), Ct));
        Assert.Empty(await session.SearchAsync("INBOX", new Q.Text(SearchTextScope.Body, null, "body of 2"), Ct));
        Assert.Equal([3], await session.SearchAsync("INBOX", Subject("message replacement"), Ct));
    }

    [Fact]
    public async Task A_zero_access_user_gets_the_metadata_of_cleartext_mail_from_before_and_of_the_served_form_for_new_mail()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: false, Ct);
        await SearchCorpus.DeliverAsync(vault, Address, Message("1"));
        using var own = KeyGenerator.Generate(Address);
        await vault.Get<KeyImporter>().ImportAsync(
            Address, Encoding.ASCII.GetBytes(own.Certificate.ToArmored()), Password, null, new KeyImportOptions(), Ct);
        await SearchCorpus.DeliverAsync(vault, Address, Message("2"));
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        var metadata = await session.GetMetadataAsync("INBOX", [1, 2], Ct);

        Assert.Equal(MailAccess.PublicKeyOnly, session.Access);
        Assert.Equal("message 1", Subject(metadata[1]));
        Assert.Equal("...", Subject(metadata[2]));
    }

    static async Task<VaultFixture> VaultWithMailAsync(int count, Action<VaultOptions>? configure = null)
    {
        var vault = await VaultFixture.CreateAsync(gracePeriod: TimeSpan.FromMilliseconds(50), configure: configure);
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        for (var i = 1; i <= count; i++)
        {
            await SearchCorpus.DeliverAsync(vault, Address, Message(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return vault;
    }

    static string Message(string n) => $"Subject: message {n}\r\nFrom: bob@example.net\r\n\r\nthe body of {n}\r\n";

    static Q.Text Subject(string text) => new(SearchTextScope.Header, "subject", text);

    static string Subject(MessageMetadata metadata) =>
        Encoding.UTF8.GetString(metadata.Root.Headers.First(h => h.Name == "Subject").RawValue).Trim();

    static async Task<IReadOnlyList<MessageRecord>> RowsAsync(VaultFixture vault)
    {
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        return await store.ListMessageRowsAsync((await store.FindMailboxAsync(user.Id, "INBOX", Ct))!.Id, Ct);
    }
}
