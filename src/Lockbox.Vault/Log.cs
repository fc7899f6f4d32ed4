// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault;

/// <summary>Vault log events with stable IDs. Never message content, subjects, passwords or keys.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Delivery to {Recipient} failed temporarily; nothing stored")]
    public static partial void RecipientFailed(ILogger logger, Exception exception, string recipient);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "The store is unavailable")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "{Count} index rows point to missing blobs; the data directory was damaged from outside")]
    public static partial void MissingBlobs(ILogger logger, int count);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Startup check removed {TempFiles} half-written and {Orphans} unindexed blobs left by a crash")]
    public static partial void CrashLeftoversRemoved(ILogger logger, int tempFiles, int orphans);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Unlocked {Address} in {Milliseconds:F0} ms")]
    public static partial void Unlocked(ILogger logger, string address, double milliseconds);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "An older key of {Address} ({Fingerprint}) does not open with the login password; mail encrypted to it stays unreadable")]
    public static partial void OldKeyNotUnlocked(ILogger logger, string address, string fingerprint);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Re-sealed {Count} index records under the mailbox key in {Milliseconds:F0} ms")]
    public static partial void Resealed(ILogger logger, int count, double milliseconds);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Blob {BlobId} is no longer referenced but could not be deleted; the startup check will remove it")]
    public static partial void BlobNotDeleted(ILogger logger, Exception exception, string blobId);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Deferred mail for {Recipient}: {Reason}")]
    public static partial void DeliveryDeferred(ILogger logger, string recipient, string reason);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "The active key of {Address} can no longer be encrypted to; mail is encrypted to its older key {Fingerprint} (Encryption:ExpiredKey is fallback)")]
    public static partial void OlderKeyStandsIn(ILogger logger, string address, string fingerprint);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Refused mail for {Recipient}: its storage quota leaves no room for {Bytes} bytes")]
    public static partial void OverQuota(ILogger logger, string recipient, long bytes);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "The mail of {Address} passed {Percent}% of its storage limit; a notice is in its INBOX")]
    public static partial void QuotaWarned(ILogger logger, string address, int percent);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "The storage quota notice for {Address} could not be stored")]
    public static partial void QuotaWarningNotStored(ILogger logger, Exception exception, string address);
}
