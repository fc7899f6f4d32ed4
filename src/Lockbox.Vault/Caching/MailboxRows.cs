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

    /// <summary>
    /// The compact search documents of <see cref="Rows"/>, in the same order, once a header search loaded them all: the
    /// next one then scans them without a cache lookup per message (<see cref="KeepCompactDocuments"/>).
    /// </summary>
    public SearchDocument[]? CompactDocuments { get; private set; }

    byte[]? _compactArena;

    /// <summary>Keeps a packed copy of <paramref name="documents"/> (<see cref="SearchDocument.Pack"/>) and returns it.</summary>
    public SearchDocument[] KeepCompactDocuments(IReadOnlyList<SearchDocument> documents)
    {
        var packed = SearchDocument.Pack(documents, out var arena);
        (CompactDocuments, _compactArena) = (packed, arena);
        return packed;
    }

    /// <summary>
    /// Zeroes the kept documents, when the user's caches are dropped and no session can be scanning them. Rows
    /// replaced by newer ones are only dropped, as <see cref="BoundedCache{TValue}"/> drops what it evicts.
    /// </summary>
    public void Clear()
    {
        if (_compactArena is { } arena)
        {
            CryptographicOperations.ZeroMemory(arena);
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
