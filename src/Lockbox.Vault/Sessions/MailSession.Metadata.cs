// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Caching;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Sessions;

/// <summary>
/// Message rows and decoded metadata through the unlocked user's caches (docs/decisions/0014): a mailbox that did
/// not change is not listed again, and a metadata record is decrypted and parsed once per unlocked state.
/// </summary>
internal sealed partial class MailSession
{
    public Task<IReadOnlyDictionary<long, MessageMetadata>> GetMetadataAsync(string mailbox, IReadOnlyList<long> uids, CancellationToken cancellationToken) =>
        Available<IReadOnlyDictionary<long, MessageMetadata>>(async () =>
    {
        ArgumentNullException.ThrowIfNull(uids);
        var box = await RequireMailboxAsync(mailbox, cancellationToken);
        if (uids.Count == 0)
        {
            return new Dictionary<long, MessageMetadata>();
        }

        var rows = await RowsAsync(box, cancellationToken);
        var found = new Dictionary<long, MessageMetadata>(uids.Count);
        var missing = new List<MessageRecord>();
        foreach (var uid in uids)
        {
            if (rows.Find(uid) is not { } row)
            {
                continue;
            }

            if (_state.Caches.Metadata.TryGet(row.BlobId, out var cached))
            {
                found[uid] = cached;
            }
            else
            {
                missing.Add(row);
            }
        }

        if (missing.Count > 0)
        {
            await OpenMetadataAsync(missing, found, cancellationToken);
        }

        return found;
    });

    /// <summary>Reads, opens and caches the metadata records of <paramref name="rows"/>; rows expunged meanwhile are skipped.</summary>
    async Task OpenMetadataAsync(IReadOnlyList<MessageRecord> rows, Dictionary<long, MessageMetadata> found, CancellationToken cancellationToken)
    {
        var reseals = new List<MetadataUpdate>();
        foreach (var message in await _store.GetMessagesAsync([.. rows.Select(r => r.Id)], cancellationToken))
        {
            var (metadata, reseal) = IsServedWrapped(message)
                ? (await WrapperMetadataAsync(message, cancellationToken), null)
                : await MetadataOpener.OpenAsync(_state, message, cancellationToken);
            if (reseal is not null)
            {
                reseals.Add(reseal);
            }

            _state.Caches.Metadata.Add(message.BlobId, metadata, MetadataMemory.Size(metadata));
            found[message.Uid] = metadata;
        }

        // Mail that arrived during the session is re-sealed as it is first read.
        await _resealer.SaveAsync(reseals, cancellationToken);
    }

    /// <summary>The mailbox's rows in its current state: from the cache if it did not change, else listed and kept.</summary>
    async Task<MailboxRows> RowsAsync(MailboxRecord box, CancellationToken cancellationToken)
    {
        if (_state.Caches.Rows.Find(box) is { } cached)
        {
            return cached;
        }

        // Listed after the mailbox was read, so the rows are at least as new as the state they are filed under. After
        // a change commits, no reader can read that state any more; one that read it before gets what it would have
        // got listing the rows itself a moment later.
        var rows = await _store.ListMessageRowsAsync(box.Id, cancellationToken);
        var listed = new MailboxRows(
            box, rows, [.. rows.Select(m => new MessageInfo(m.Uid, m.ModSeq, FlagNames(m.Flags, m.Keywords), m.InternalDate))]);
        if (_state.Caches.Rows.Latest(box.Id) is { } older)
        {
            listed.InheritCompactDocuments(older);
        }

        _state.Caches.Rows.Put(listed);
        if (SearchIndex is { } index && Access != MailAccess.PublicKeyOnly && rows.Count >= index.PackAheadRows)
        {
            // The first header search after a SELECT then scans packed documents (MailboxRows.PackInBackground).
            listed.PackInBackground(() => Search.SearchIndex.GatherCompact(_state, rows));
        }

        return listed;
    }
}
