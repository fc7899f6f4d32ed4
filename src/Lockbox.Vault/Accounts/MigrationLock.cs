// SPDX-License-Identifier: MIT
using Lockbox.Storage;

namespace Lockbox.Vault.Accounts;

/// <summary>
/// One opt-in migration per user at a time, across processes (docs/decisions/0021): <c>lockbox serve</c>'s background
/// runner and <c>lockbox user encrypt</c> may both want to run it. With SQLite each run holds
/// <c>DATA/encryption-ID.lock</c> exclusively; .NET takes that as flock(2) LOCK_EX without waiting, as
/// <see cref="Recovery.DeliveryLock"/> does, so the second run learns at once that the first one is at work. flock is
/// per open file, so it also keeps two runs in one process apart. The files stay (unlinking a locked file would let a
/// third run lock a new one). With PostgreSQL the runs may be on several nodes, each with its own data directory, so
/// the lock is the store's <see cref="INodeLocks"/> (an advisory lock keyed by the user) instead (docs/decisions/0029).
/// </summary>
internal sealed class MigrationLock
{
    /// <summary>The advisory-lock key space of these locks: "LBEN" in the high 32 bits, the user's id below.</summary>
    const long KeySpace = 0x4C42454E_00000000;

    readonly string _dataDirectory;
    readonly INodeLocks? _nodeLocks;

    public MigrationLock(string dataDirectory, INodeLocks? nodeLocks = null)
    {
        _dataDirectory = dataDirectory;
        _nodeLocks = nodeLocks;
    }

    /// <summary>Holds the user's lock until disposed, or returns null when another run holds it.</summary>
    /// <exception cref="StoreUnavailableException">The lock lives in a database that cannot be reached.</exception>
    public async Task<IAsyncDisposable?> TryAcquireAsync(long userId, CancellationToken cancellationToken)
    {
        if (_nodeLocks is not null)
        {
            return await _nodeLocks.TryAcquireAsync(KeySpace | userId, cancellationToken);
        }

        try
        {
            return new FileStream(Path.Combine(_dataDirectory, $"encryption-{userId}.lock"), new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException)
        {
            return null;
        }
    }
}
