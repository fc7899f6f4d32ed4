// SPDX-License-Identifier: MIT
using Lockbox.Storage;

namespace Lockbox.Vault.Changes;

/// <summary>
/// Feeds other nodes' committed changes into this node's <see cref="MailboxChanges"/> (docs/decisions/0029), so an IDLE
/// session here wakes for a delivery, flag change or expunge made on another node. With SQLite there is no feed (one
/// node, whose writers publish in process) and <see cref="RunAsync"/> returns at once.
/// </summary>
public sealed class MailboxChangeFeedPump
{
    readonly IMailboxChangeFeed? _feed;
    readonly MailboxChanges _changes;

    internal MailboxChangeFeedPump(IMailboxChangeFeed? feed, MailboxChanges changes)
    {
        _feed = feed;
        _changes = changes;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; a lost connection is the feed's to reopen.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        _feed is null
            ? Task.CompletedTask
            : _feed.RunAsync(mailbox =>
            {
                if (mailbox is { } id)
                {
                    _changes.Publish(id);
                }
                else
                {
                    _changes.PublishAll();
                }
            }, cancellationToken);
}
