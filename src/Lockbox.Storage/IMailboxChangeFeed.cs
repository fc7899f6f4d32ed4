// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// Changes committed by any node, for an engine that several nodes share (PostgreSQL: LISTEN/NOTIFY,
/// docs/decisions/0029). Like Vault's in-process signal it carries only mailbox ids: a receiver re-reads the mailbox,
/// so a late or duplicate signal is harmless. Signals sent while the feed was disconnected are lost; the feed then
/// reports that everything may have changed.
/// </summary>
public interface IMailboxChangeFeed
{
    /// <summary>
    /// Listens until <paramref name="cancellationToken"/> is cancelled, reconnecting after a lost connection. Calls
    /// <paramref name="changed"/> with a mailbox id for each committed change (this node's own included), and with null
    /// after every (re)connect: anything may have changed meanwhile. Returns when cancelled; never throws for a lost
    /// connection.
    /// </summary>
    Task RunAsync(Action<long?> changed, CancellationToken cancellationToken);
}
