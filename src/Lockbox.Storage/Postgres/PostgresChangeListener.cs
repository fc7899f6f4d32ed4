// SPDX-License-Identifier: MIT
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lockbox.Storage.Postgres;

/// <summary>
/// The node's one LISTEN connection (docs/decisions/0029). Schema v12's trigger on <c>mailboxes</c> queues
/// <c>pg_notify('lockbox_mailbox', id)</c> inside every writing transaction, so a notification arrives, on every node,
/// exactly when a change commits. The connection is unpooled and built from <c>Store:ConnectionString</c>, apart from
/// the store's pool: it stays open for the process's life and must not count against the pool's size. A lost
/// connection is reopened with back-off; after each (re)connect the feed reports "anything may have changed", because
/// PostgreSQL keeps no notification for a session that was not listening.
/// </summary>
internal sealed class PostgresChangeListener : IMailboxChangeFeed
{
    /// <summary>The channel the v12 trigger notifies.</summary>
    public const string Channel = "lockbox_mailbox";

    static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);
    readonly string _connectionString;
    readonly ILogger _logger;

    public PostgresChangeListener(string connectionString, ILogger logger)
    {
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            // WaitAsync sends a keepalive query this often, so a silently dead peer (a partition) is noticed too.
            KeepAlive = 15,
            ApplicationName = "lockbox change listener",
        }.ToString();
        _logger = logger;
    }

    public async Task RunAsync(Action<long?> changed, CancellationToken cancellationToken)
    {
        var delay = FirstRetry;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += (_, e) =>
                {
                    if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var mailbox))
                    {
                        changed(mailbox);
                    }
                };
                await connection.OpenAsync(cancellationToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                if (failures == 0)
                {
                    PostgresNodeLog.Listening(_logger, Channel);
                }
                else
                {
                    PostgresNodeLog.ListenerReconnected(_logger, failures);
                }

                failures = 0;
                delay = FirstRetry;
                // Whatever committed before LISTEN took effect (at start, or while disconnected) was never sent to us.
                changed(null);
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                failures++;
                PostgresNodeLog.ListenerLost(_logger, delay, e);
            }

            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }
}
