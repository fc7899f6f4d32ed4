// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Tests;

/// <summary>
/// The store contract for DELETE, RENAME and subscriptions, engine-neutral: each engine subclasses it
/// next to its <see cref="MailStoreContractTests"/>.
/// </summary>
public abstract class MailboxHierarchyContractTests : IAsyncLifetime
{
    IMailStore? _store;
    UserRecord? _user;

    protected IMailStore Store => _store ?? throw new InvalidOperationException("not initialised");

    long UserId => _user?.Id ?? throw new InvalidOperationException("not initialised");

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty store of the engine under test.</summary>
    protected abstract Task<IMailStore> CreateStoreAsync();

    public async ValueTask InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.MigrateAsync(Ct);
        _user = await _store.CreateUserAsync("hierarchy@example.org", EncryptionState.None, null, null, Ct);
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
    public async Task Renaming_moves_the_inferiors_and_their_subscriptions_and_keeps_uidvalidity()
    {
        var projects = await Store.CreateMailboxAsync(UserId, "Projects", null, Ct);
        var child = await Store.CreateMailboxAsync(UserId, "Projects/2026", null, Ct);
        await Store.CreateMailboxAsync(UserId, "Projects2", null, Ct);
        await Store.SetSubscriptionAsync(UserId, "Projects/2026", subscribed: false, Ct);

        Assert.True(await Store.RenameMailboxAsync(UserId, "Projects", "Work/Old", Ct));

        var names = (await Store.ListMailboxesAsync(UserId, Ct)).Select(m => m.Name).ToList();
        Assert.Contains("Work/Old", names);
        Assert.Contains("Work/Old/2026", names);
        Assert.Contains("Projects2", names);
        Assert.DoesNotContain("Projects", names);
        Assert.Equal(projects.UidValidity, (await Store.FindMailboxAsync(UserId, "Work/Old", Ct))!.UidValidity);
        Assert.Equal(child.UidValidity, (await Store.FindMailboxAsync(UserId, "Work/Old/2026", Ct))!.UidValidity);
        var subscriptions = await Store.ListSubscriptionsAsync(UserId, Ct);
        Assert.Contains("Work/Old", subscriptions);
        Assert.DoesNotContain("Work/Old/2026", subscriptions);
        Assert.DoesNotContain("Projects", subscriptions);
    }

    [Fact]
    public async Task Renaming_onto_an_existing_name_changes_nothing()
    {
        await Store.CreateMailboxAsync(UserId, "A", null, Ct);
        await Store.CreateMailboxAsync(UserId, "A/x", null, Ct);
        await Store.CreateMailboxAsync(UserId, "B", null, Ct);
        await Store.CreateMailboxAsync(UserId, "B/x", null, Ct);

        Assert.True(await Store.RenameMailboxAsync(UserId, "A", "C", Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.RenameMailboxAsync(UserId, "C", "B", Ct));

        var names = (await Store.ListMailboxesAsync(UserId, Ct)).Select(m => m.Name).ToList();
        Assert.Contains("C/x", names);
        Assert.Contains("B/x", names);
        Assert.False(await Store.RenameMailboxAsync(UserId, "Missing", "D", Ct));
    }

    [Fact]
    public async Task Renaming_inbox_moves_its_messages_and_leaves_it_empty_with_its_counters()
    {
        var inbox = (await Store.FindMailboxAsync(UserId, "INBOX", Ct))!;
        await Store.CreateMailboxAsync(UserId, "INBOX/Keep", null, Ct);
        await Store.AppendMessageAsync(inbox.Id, Message(1), Ct);
        await Store.AppendMessageAsync(inbox.Id, Message(2), Ct);

        Assert.True(await Store.RenameMailboxAsync(UserId, "inbox", "Old mail", Ct));

        var moved = (await Store.FindMailboxAsync(UserId, "Old mail", Ct))!;
        var after = (await Store.FindMailboxAsync(UserId, "INBOX", Ct))!;
        Assert.Equal([1L, 2L], (await Store.ListMessagesAsync(moved.Id, Ct)).Select(m => m.Uid));
        Assert.Equal(3, moved.UidNext);
        Assert.NotEqual(inbox.UidValidity, moved.UidValidity);
        Assert.Empty(await Store.ListMessagesAsync(after.Id, Ct));
        Assert.Equal(inbox.UidValidity, after.UidValidity);
        Assert.Equal(3, after.UidNext);
        Assert.NotNull(await Store.FindMailboxAsync(UserId, "INBOX/Keep", Ct));
        Assert.Equal(3, (await Store.AppendMessageAsync(after.Id, Message(3), Ct)).Uid);
    }

    [Fact]
    public async Task Deleting_a_mailbox_returns_only_its_unshared_blobs_and_keeps_its_subscription()
    {
        var doomed = await Store.CreateMailboxAsync(UserId, "Doomed", null, Ct);
        var inbox = (await Store.FindMailboxAsync(UserId, "INBOX", Ct))!;
        await Store.AppendMessageAsync(doomed.Id, Message(1), Ct);
        await Store.AppendMessageAsync(doomed.Id, Message(2), Ct);
        await Store.AppendMessageAsync(inbox.Id, Message(2), Ct);

        var blobs = await Store.DeleteMailboxAsync(doomed.Id, Ct);

        Assert.Equal([BlobId(1)], blobs);
        Assert.Null(await Store.FindMailboxAsync(UserId, "Doomed", Ct));
        Assert.Empty(await Store.ListMessagesAsync(doomed.Id, Ct));
        Assert.Contains("Doomed", await Store.ListSubscriptionsAsync(UserId, Ct));
        Assert.Equal([BlobId(2)], await Store.ListReferencedFileBlobsAsync(null, null, Ct));
    }

    [Fact]
    public async Task Subscriptions_are_names_that_need_no_mailbox_and_show_on_the_mailbox()
    {
        Assert.True((await Store.FindMailboxAsync(UserId, "Sent", Ct))!.Subscribed);

        Assert.True(await Store.SetSubscriptionAsync(UserId, "Sent", subscribed: false, Ct));
        Assert.False(await Store.SetSubscriptionAsync(UserId, "Sent", subscribed: false, Ct));
        Assert.True(await Store.SetSubscriptionAsync(UserId, "Elsewhere", subscribed: true, Ct));

        Assert.False((await Store.FindMailboxAsync(UserId, "Sent", Ct))!.Subscribed);
        var subscriptions = await Store.ListSubscriptionsAsync(UserId, Ct);
        Assert.Contains("Elsewhere", subscriptions);
        Assert.DoesNotContain("Sent", subscriptions);
    }

    static string BlobId(int i) => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    static NewMessage Message(int i) =>
        new(BlobId(i), 100 + i, IsEncrypted: false, Metadata: [(byte)i], SystemFlags.None, DateTime.UtcNow);
}
