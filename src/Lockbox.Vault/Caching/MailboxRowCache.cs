// SPDX-License-Identifier: MIT
using Lockbox.Storage;

namespace Lockbox.Vault.Caching;

/// <summary>
/// The message rows of a user's most recently listed mailboxes, so that SELECT, FETCH and SEARCH on a mailbox
/// that did not change read one mailbox row instead of every message row. An entry is served only for the exact
/// mailbox state it was read at (<see cref="MailboxRows.IsFor"/>); a changed mailbox is listed again.
/// </summary>
internal sealed class MailboxRowCache
{
    /// <summary>How many mailboxes are kept: a client works in a few at a time.</summary>
    public const int Mailboxes = 16;

    readonly Lock _lock = new();
    readonly Dictionary<long, MailboxRows> _entries = [];
    readonly Queue<long> _order = new();

    /// <summary>The rows of <paramref name="mailbox"/> in its current state, or null.</summary>
    public MailboxRows? Find(MailboxRecord mailbox)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(mailbox.Id, out var rows) && rows.IsFor(mailbox) ? rows : null;
        }
    }

    /// <summary>The rows last listed for the mailbox <paramref name="mailboxId"/>, whatever state they were read at; or null.</summary>
    public MailboxRows? Latest(long mailboxId)
    {
        lock (_lock)
        {
            return _entries.GetValueOrDefault(mailboxId);
        }
    }

    public void Put(MailboxRows rows)
    {
        lock (_lock)
        {
            if (!_entries.ContainsKey(rows.MailboxId))
            {
                while (_entries.Count >= Mailboxes && _order.TryDequeue(out var oldest))
                {
                    _entries.Remove(oldest);
                }

                _order.Enqueue(rows.MailboxId);
            }

            _entries[rows.MailboxId] = rows;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            foreach (var rows in _entries.Values)
            {
                rows.Clear();
            }

            _entries.Clear();
            _order.Clear();
        }
    }
}
