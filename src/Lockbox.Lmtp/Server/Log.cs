// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Lmtp.Server;

/// <summary>LMTP log events with stable IDs. Bad client input is Debug only (STYLE.md section 5); never message content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "LMTP connection {ConnectionId} opened from {Remote}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, System.Net.EndPoint? remote);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "LMTP connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "LMTP connection {ConnectionId}: bad command, replied {Code}")]
    public static partial void BadCommand(ILogger logger, string connectionId, int code);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "LMTP connection {ConnectionId}: delivered to {Stored} of {Recipients} recipients, {Bytes} bytes")]
    public static partial void Delivered(ILogger logger, string connectionId, int stored, int recipients, long bytes);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "LMTP connection {ConnectionId}: delivery failed (correlation id {CorrelationId})")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string connectionId, string correlationId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "LMTP connection {ConnectionId}: client vanished during DATA; nothing stored")]
    public static partial void ClientVanishedDuringData(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "LMTP connection {ConnectionId}: message over the size limit; nothing stored")]
    public static partial void MessageTooLarge(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "LMTP connection {ConnectionId}: TLS started ({Protocol})")]
    public static partial void TlsStarted(ILogger logger, string connectionId, System.Security.Authentication.SslProtocols protocol);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Debug, Message = "LMTP connection {ConnectionId}: TLS handshake failed: {Reason}")]
    public static partial void TlsHandshakeFailed(ILogger logger, string connectionId, string reason);
}
