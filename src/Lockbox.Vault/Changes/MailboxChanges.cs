// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Changes;

/// <summary>
/// The in-process change signal: writers call <see cref="Publish"/> after a commit that changed a mailbox,
/// and sessions waiting for that mailbox wake up. A signal carries no data: the waiter re-reads the
/// mailbox's HIGHESTMODSEQ from the store, so a lost, late or duplicate signal costs at most a spurious
/// wake, never a missed change. That is what lets a PostgreSQL LISTEN/NOTIFY listener (several nodes,
/// docs/decisions/0029) feed it through <see cref="MailboxChangeFeedPump"/>: it calls <see cref="Publish"/> with the
/// mailbox id from the notification payload (this node's own changes arrive twice, harmlessly).
/// </summary>
internal sealed class MailboxChanges
{
    readonly Dictionary<long, TaskCompletionSource> _next = [];

    /// <summary>
    /// A task that completes at the next <see cref="Publish"/> for the mailbox. Take it before reading the
    /// store, then wait on it: a change committed in between has already completed it.
    /// </summary>
    public Task NextAsync(long mailboxId)
    {
        lock (_next)
        {
            if (!_next.TryGetValue(mailboxId, out var next))
            {
                // Continuations run off the publisher's thread: a delivery never runs a waiter's IMAP output.
                next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _next[mailboxId] = next;
            }

            return next.Task;
        }
    }

    /// <summary>Wakes every waiter of the mailbox. Call after the change is committed.</summary>
    public void Publish(long mailboxId)
    {
        TaskCompletionSource? next;
        lock (_next)
        {
            if (!_next.Remove(mailboxId, out next))
            {
                return;
            }
        }

        next.TrySetResult();
    }

    /// <summary>
    /// Wakes every waiter of every mailbox: changes may have been missed (the cross-node feed reconnected,
    /// docs/decisions/0029). Each waiter re-reads its mailbox and waits again if nothing changed.
    /// </summary>
    public void PublishAll()
    {
        List<TaskCompletionSource> all;
        lock (_next)
        {
            all = [.. _next.Values];
            _next.Clear();
        }

        foreach (var next in all)
        {
            next.TrySetResult();
        }
    }
}
