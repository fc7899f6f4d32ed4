// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Mailboxes;

namespace Lockbox.Vault.Sessions;

/// <summary>Mailbox management: CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE (RFC 3501 sections 6.3.3-6.3.7).</summary>
internal sealed partial class MailSession
{
    public Task CreateMailboxAsync(string name, CancellationToken cancellationToken) => Available(async () =>
    {
        name = MailboxName.Validate(name);
        if (await _store.FindMailboxAsync(_state.User.Id, name, cancellationToken) is not null)
        {
            throw AlreadyExists();
        }

        await CreateMissingSuperiorsAsync(name, cancellationToken);
        try
        {
            await _store.CreateMailboxAsync(_state.User.Id, name, role: null, cancellationToken);
        }
        catch (StoreConflictException e)
        {
            throw AlreadyExists(e);
        }
    });

    public Task DeleteMailboxAsync(string name, CancellationToken cancellationToken) => Available(async () =>
    {
        var box = await RequireMailboxAsync(MailboxName.Canonical(name), cancellationToken);
        if (box.Name == "INBOX")
        {
            // RFC 3501 section 6.3.4: "It is an error to attempt to delete INBOX".
            throw new MailboxOperationException(MailboxError.NotAllowed, "INBOX cannot be deleted");
        }

        // RFC 3501 section 6.3.4 would keep the name as \Noselect; there are no \Noselect mailboxes here,
        // so a mailbox with inferiors is refused instead (RFC 5530 HASCHILDREN), as Gmail and Cyrus do.
        var mailboxes = await _store.ListMailboxesAsync(_state.User.Id, cancellationToken);
        if (mailboxes.Any(m => m.Id != box.Id && MailboxName.IsSelfOrInferior(m.Name, box.Name)))
        {
            throw new MailboxOperationException(MailboxError.HasChildren, "Delete the mailboxes inside it first");
        }

        var orphans = await _store.DeleteMailboxAsync(box.Id, cancellationToken);
        // Sessions idling on it wake, find it gone and say so (RFC 2180 section 3.3).
        _changes.Publish(box.Id);
        foreach (var blob in orphans)
        {
            await _blobs.DeleteAsync(blob, cancellationToken);
        }
    });

    public Task RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken) => Available(async () =>
    {
        var box = await RequireMailboxAsync(MailboxName.Canonical(oldName), cancellationToken);
        newName = MailboxName.Validate(newName);
        if (box.Name != "INBOX" && MailboxName.IsSelfOrInferior(newName, box.Name))
        {
            throw new MailboxOperationException(MailboxError.NotAllowed, "A mailbox cannot move into itself");
        }

        if (await _store.FindMailboxAsync(_state.User.Id, newName, cancellationToken) is not null)
        {
            throw AlreadyExists();
        }

        await CreateMissingSuperiorsAsync(newName, cancellationToken);
        try
        {
            if (!await _store.RenameMailboxAsync(_state.User.Id, box.Name, newName, cancellationToken))
            {
                throw new MailboxNotFoundException("no such mailbox");
            }

            // Sessions idling on it wake: a renamed mailbox is gone under its old name (RFC 2180 section 3.3),
            // and a renamed INBOX stays, emptied (RFC 3501 section 6.3.5), so they report the EXPUNGEs.
            _changes.Publish(box.Id);
        }
        catch (StoreConflictException e)
        {
            throw AlreadyExists(e);
        }
    });

    public Task SubscribeAsync(string name, CancellationToken cancellationToken) => Available(async () =>
    {
        var box = await RequireMailboxAsync(MailboxName.Canonical(name), cancellationToken);
        await _store.SetSubscriptionAsync(_state.User.Id, box.Name, subscribed: true, cancellationToken);
    });

    public Task UnsubscribeAsync(string name, CancellationToken cancellationToken) =>
        Available(() => _store.SetSubscriptionAsync(_state.User.Id, MailboxName.Canonical(name), subscribed: false, cancellationToken));

    public Task<IReadOnlyList<string>> ListSubscriptionsAsync(CancellationToken cancellationToken) =>
        Available(() => _store.ListSubscriptionsAsync(_state.User.Id, cancellationToken));

    public Task<QuotaUsage> GetQuotaAsync(CancellationToken cancellationToken) =>
        Available(async () => _funnel.Quota.UsageOf(await CurrentUserAsync(cancellationToken)));

    /// <summary>RFC 3501 section 6.3.3: the server SHOULD create the superiors a new name needs.</summary>
    Task CreateMissingSuperiorsAsync(string name, CancellationToken cancellationToken) =>
        MailboxTree.CreateMissingAsync(_store, _state.User.Id, MailboxName.Superiors(name), cancellationToken);

    static MailboxOperationException AlreadyExists(Exception? inner = null) =>
        inner is null
            ? new MailboxOperationException(MailboxError.AlreadyExists, "Mailbox already exists")
            : new MailboxOperationException(MailboxError.AlreadyExists, "Mailbox already exists", inner);
}
