// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Sessions;

/// <summary>
/// One unlock per user at a time. Logins of one user that arrive together (a client opening several connections, or
/// every client after a restart) wait for the first one's Argon2 run and then share the state it unlocked, instead of
/// each running Argon2 of its own (found by the load test, docs/decisions/0034). Different users never wait for each
/// other; the unlock gate still bounds how many Argon2 runs the process does at once.
/// </summary>
internal sealed class UserUnlockLocks
{
    readonly Dictionary<long, Entry> _entries = [];

    /// <summary>Waits until no other login of <paramref name="userId"/> is unlocking; dispose the result to let the next one in.</summary>
    public async Task<IDisposable> AcquireAsync(long userId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(userId, out entry!))
            {
                entry = new Entry();
                _entries[userId] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Turn.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Leave(userId, entry);
            throw;
        }

        return new Holder(this, userId, entry);
    }

    /// <summary>The entry goes once nobody holds or waits for it, so the map holds only users logging in now.</summary>
    void Leave(long userId, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(userId);
                entry.Turn.Dispose();
            }
        }
    }

    sealed class Entry
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        /// <summary>The holder and the waiters; guarded by the map's lock.</summary>
        public int Users { get; set; }
    }

    sealed class Holder(UserUnlockLocks owner, long userId, Entry entry) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Turn.Release();
                owner.Leave(userId, entry);
            }
        }
    }
}
