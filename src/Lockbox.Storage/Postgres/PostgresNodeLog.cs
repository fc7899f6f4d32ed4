// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Storage.Postgres;

/// <summary>Log events of the cross-node coordination on PostgreSQL (7050-7089, docs/decisions/0029).</summary>
internal static partial class PostgresNodeLog
{
    [LoggerMessage(EventId = 7050, Level = LogLevel.Information, Message = "Listening for mailbox changes of other nodes (LISTEN {Channel})")]
    public static partial void Listening(ILogger logger, string channel);

    [LoggerMessage(EventId = 7051, Level = LogLevel.Warning,
        Message = "The connection listening for other nodes' changes was lost; idle sessions re-check after the reconnect, tried in {Delay}")]
    public static partial void ListenerLost(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 7052, Level = LogLevel.Information,
        Message = "Listening for mailbox changes of other nodes again after {Attempts} failed attempts; every waiting session re-checks")]
    public static partial void ListenerReconnected(ILogger logger, int attempts);
}
