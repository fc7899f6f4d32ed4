// SPDX-License-Identifier: MIT
using Lockbox.Vault.Changes;
using Microsoft.Extensions.Hosting;

namespace Lockbox.Hosting;

/// <summary>
/// Runs Vault's cross-node change feed for <c>lockbox serve</c>'s lifetime (docs/decisions/0029): with PostgreSQL, one
/// LISTEN connection per node wakes this node's IDLE sessions for other nodes' changes. CLI verbs never start it; they
/// hold no sessions to wake.
/// </summary>
internal sealed class ChangeFeedListener(MailboxChangeFeedPump pump) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => pump.RunAsync(stoppingToken);
}
