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
}
