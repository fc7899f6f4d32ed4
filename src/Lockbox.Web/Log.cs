// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Web;

/// <summary>Web log events with stable IDs (6xxx). Never an address typed at login that failed, a password or mail content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Web login: {Address}")]
    public static partial void LoggedIn(ILogger logger, string address);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Web login failed from {Client}")]
    public static partial void LoginFailed(ILogger logger, System.Net.IPAddress? client);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Web login throttled from {Client} for {Seconds} s")]
    public static partial void LoginThrottled(ILogger logger, System.Net.IPAddress? client, int seconds);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Web logout: {Address}")]
    public static partial void LoggedOut(ILogger logger, string address);

    [LoggerMessage(EventId = 6150, Level = LogLevel.Information, Message = "Web message sent by {Address} to {Recipients} recipients")]
    public static partial void MessageSent(ILogger logger, string address, int recipients);

    [LoggerMessage(EventId = 6151, Level = LogLevel.Warning, Message = "Web message from {Address} not sent: {Reason}")]
    public static partial void SendFailed(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 6152, Level = LogLevel.Information, Message = "Web draft saved by {Address}")]
    public static partial void DraftSaved(ILogger logger, string address);
}
