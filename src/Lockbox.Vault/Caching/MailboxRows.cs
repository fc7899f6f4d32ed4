// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Storage;
using Lockbox.Vault.Search;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Caching;

/// <summary>
/// A mailbox's message rows (without metadata records) as read at one mailbox state: valid exactly while the
/// mailbox keeps this UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ, since every append, flag change, expunge, copy
/// in and move out raises HIGHESTMODSEQ (docs/decisions/0013).
/// </summary>
internal sealed class MailboxRows
{
    readonly long _uidValidity;
    readonly long _uidNext;
    readonly long _highestModSeq;

    /// <param name="mailbox">The mailbox as read before the rows (so the rows are at least as new as it).</param>
    /// <param name="rows">Its rows in UID order.</param>
    /// <param name="infos">The same rows as the session API shows them.</param>
    public MailboxRows(MailboxRecord mailbox, IReadOnlyList<MessageRecord> rows, IReadOnlyList<MessageInfo> infos)
    {
        MailboxId = mailbox.Id;
        _uidValidity = mailbox.UidValidity;
        _uidNext = mailbox.UidNext;
        _highestModSeq = mailbox.HighestModSeq;
        Rows = rows;
        Infos = infos;
    }

    public long MailboxId { get; }

    public IReadOnlyList<MessageRecord> Rows { get; }

    public IReadOnlyList<MessageInfo> Infos { get; }

    readonly Lock _compactLock = new();
    SearchDocument[]? _compactDocuments;
    byte[]? _compactArena;
    Task? _packing;
    bool _cleared;

    /// <summary>
    /// The compact search documents of <see cref="Rows"/>, in the same order, once a header search loaded them all or
    /// <see cref="PackInBackground"/> found them cached: a search then scans them without a cache lookup per message.
    /// Waits for a packing started in the background; null when there is none.
    /// </summary>
    public async Task<SearchDocument[]?> CompactDocumentsAsync()
    {
        Task? packing;
        lock (_compactLock)
        {
            packing = _packing;
        }

        if (packing is not null)
        {
            await packing;
        }

        lock (_compactLock)
        {
            return _compactDocuments;
        }
    }

    /// <summary>
    /// Packs the compact documents on a pool thread, if <paramref name="gather"/> finds every one of them (it returns
    /// null otherwise, and the first header search loads them as usual). Started when the rows are listed, so the first
    /// SEARCH after a SELECT scans packed documents instead of gathering and copying 10,000 of them itself
    /// (docs/benchmarks.md, IMAP SEARCH SUBJECT cold).
    /// </summary>
    public void PackInBackground(Func<SearchDocument[]?> gather)
    {
        lock (_compactLock)
        {
            if (_packing is not null || _compactDocuments is not null || _cleared)
            {
                return;
            }

            _packing = Task.Run(() =>
            {
                if (gather() is { } documents)
                {
                    KeepCompactDocuments(documents);
                }
            });
        }
    }

    /// <summary>
    /// Takes over the packed documents of <paramref name="older"/> rows of the same mailbox when they list the same
    /// messages (UIDs and blobs) in the same order: a flag change raises HIGHESTMODSEQ, so the rows are listed again, but
    /// it changes no search document. Without this, every \Seen the webmail sets on opening a message repacked all
    /// 10,000 documents of a large mailbox in the background (docs/benchmarks.md, webmail).
    /// </summary>
    public void InheritCompactDocuments(MailboxRows older)
    {
        if (older.MailboxId != MailboxId || older.Rows.Count != Rows.Count || !SameMessages(older.Rows, Rows))
        {
            return;
        }

        lock (older._compactLock)
        {
            if (older._cleared || older._compactDocuments is null)
            {
                return;
            }

            lock (_compactLock)
            {
                // Shared with the older rows, which are only dropped (never cleared) once these replace them in the cache.
                (_compactDocuments, _compactArena) = (older._compactDocuments, older._compactArena);
            }
        }
    }

    static bool SameMessages(IReadOnlyList<MessageRecord> a, IReadOnlyList<MessageRecord> b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Uid != b[i].Uid || a[i].BlobId != b[i].BlobId)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Keeps a packed copy of <paramref name="documents"/> (<see cref="SearchDocument.Pack"/>) and returns the kept
    /// documents: the first copy kept wins, and a later one is zeroed at once.
    /// </summary>
    public SearchDocument[] KeepCompactDocuments(IReadOnlyList<SearchDocument> documents)
    {
        var packed = SearchDocument.Pack(documents, out var arena);
        lock (_compactLock)
        {
            if (_compactDocuments is null && !_cleared)
            {
                (_compactDocuments, _compactArena) = (packed, arena);
                return packed;
            }

            // Lost to another packing, or the caches were dropped meanwhile: the input still reads the cached copies.
            CryptographicOperations.ZeroMemory(arena);
            return _compactDocuments ?? [.. documents];
        }
    }

    /// <summary>
    /// Zeroes the kept documents, when the user's caches are dropped and no session can be scanning them. Rows
    /// replaced by newer ones are only dropped, as <see cref="BoundedCache{TValue}"/> drops what it evicts.
    /// </summary>
    public void Clear()
    {
        lock (_compactLock)
        {
            _cleared = true;
            if (_compactArena is { } arena)
            {
                CryptographicOperations.ZeroMemory(arena);
            }
        }
    }

    /// <summary>Whether these rows are those of <paramref name="mailbox"/> as it is now.</summary>
    public bool IsFor(MailboxRecord mailbox) =>
        mailbox.Id == MailboxId && mailbox.UidValidity == _uidValidity && mailbox.UidNext == _uidNext && mailbox.HighestModSeq == _highestModSeq;

    /// <summary>The row with this UID, or null (binary search: the rows are in UID order).</summary>
    public MessageRecord? Find(long uid)
    {
        var (low, high) = (0, Rows.Count - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var found = Rows[middle].Uid;
            if (found == uid)
            {
                return Rows[middle];
            }

            (low, high) = found < uid ? (middle + 1, high) : (low, middle - 1);
        }

        return null;
    }
}
