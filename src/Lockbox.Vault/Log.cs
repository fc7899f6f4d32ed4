// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault;

/// <summary>Vault log events with stable IDs. Never message content, subjects, passwords or keys.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Delivery to {Recipient} failed temporarily; nothing stored")]
    public static partial void RecipientFailed(ILogger logger, Exception exception, string recipient);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The store is unavailable")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "{Count} index rows point to missing blobs; the data directory was damaged from outside")]
    public static partial void MissingBlobs(ILogger logger, int count);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Startup check removed {TempFiles} half-written and {Orphans} unindexed blobs left by a crash")]
    public static partial void CrashLeftoversRemoved(ILogger logger, int tempFiles, int orphans);
}
