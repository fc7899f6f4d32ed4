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

    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Web password changed: {Address}")]
    public static partial void PasswordChanged(ILogger logger, string address);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Web forced password change done: {Address}")]
    public static partial void ForcedPasswordChanged(ILogger logger, string address);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Web encryption started: {Address}")]
    public static partial void EncryptionStarted(ILogger logger, string address);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Web key imported: {Address} {Fingerprint} {Mode}")]
    public static partial void KeyImported(ILogger logger, string address, string fingerprint, Lockbox.Vault.Contracts.Portal.KeyUploadMode mode);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Web secret key downloaded: {Address}")]
    public static partial void SecretKeyDownloaded(ILogger logger, string address);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Web key passphrase {Change}: {Address}")]
    public static partial void KeyPassphraseChanged(ILogger logger, string address, string change);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Information, Message = "Web escrow {Choice}: {Address}")]
    public static partial void EscrowChosen(ILogger logger, string address, string choice);

    [LoggerMessage(EventId = 6200, Level = LogLevel.Warning, Message = "Web {Method} {Path} answered 503: the mail store is not answering ({Reason})")]
    public static partial void StoreUnavailable(ILogger logger, string method, Microsoft.AspNetCore.Http.PathString path, string reason);
}
