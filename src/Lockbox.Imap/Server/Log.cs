// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Microsoft.Extensions.Logging;

namespace Lockbox.Imap.Server;

/// <summary>IMAP log events with stable IDs. Bad client input is Debug only (STYLE.md section 5); never passwords or message content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "IMAP connection {ConnectionId} opened from {Remote}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, System.Net.EndPoint? remote);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "IMAP connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "IMAP connection {ConnectionId}: bad command: {Reason}")]
    public static partial void BadCommand(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "IMAP connection {ConnectionId}: framing lost, closing: {Reason}")]
    public static partial void FramingLost(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "IMAP connection {ConnectionId}: logged in as {Address}")]
    public static partial void LoggedIn(ILogger logger, string connectionId, string address);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "IMAP connection {ConnectionId}: authentication failed")]
    public static partial void LoginFailed(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "IMAP connection {ConnectionId}: internal error (correlation id {CorrelationId}), closing")]
    public static partial void InternalError(ILogger logger, Exception exception, string connectionId, string correlationId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "IMAP connection {ConnectionId}: idle timeout")]
    public static partial void IdleTimeout(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "IMAP connection {ConnectionId}: too many bad commands, closing")]
    public static partial void TooManyBadCommands(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "IMAP connection {ConnectionId}: TLS handshake failed: {Reason}")]
    public static partial void TlsHandshakeFailed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "IMAP connection {ConnectionId}: TLS started ({Protocol})")]
    public static partial void TlsStarted(ILogger logger, string connectionId, System.Security.Authentication.SslProtocols protocol);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "IMAP connection {ConnectionId}: login refused, throttled for {Seconds} s")]
    public static partial void LoginThrottled(ILogger logger, string connectionId, int seconds);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "IMAP connection {ConnectionId}: the mailbox was encrypted during the session, closing")]
    public static partial void SessionOutdated(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "IMAP connection {ConnectionId}: {Verb} refused, the mail store is unavailable ({Reason})")]
    public static partial void StoreUnavailable(ILogger logger, string connectionId, ImapVerb verb, string reason);
}
