// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// Locks that hold across every node sharing the store (PostgreSQL: session advisory locks, docs/decisions/0029). A lock
/// is held on a connection of its own for as long as the returned handle lives; a node that dies loses its connection
/// and with it the lock, so no lock outlives its holder.
/// </summary>
public interface INodeLocks
{
    /// <summary>
    /// Takes the lock <paramref name="key"/> exclusively if no holder on any node has it, without waiting; null if one
    /// has. Dispose the handle to release it.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The database cannot be reached.</exception>
    Task<IAsyncDisposable?> TryAcquireAsync(long key, CancellationToken cancellationToken);
}
