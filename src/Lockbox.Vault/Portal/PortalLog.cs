// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault.Portal;

/// <summary>Key portal and background opt-in events, IDs 3230-3239 (apart from <see cref="Log"/> so areas add events side by side).</summary>
internal static partial class PortalLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Encrypting the existing mail of {Address} in the background")]
    public static partial void JobStarted(ILogger logger, string address);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Encrypted {Total} existing messages of {Address} and removed their cleartext")]
    public static partial void JobFinished(ILogger logger, string address, long total);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Encrypting the existing mail of {Address} failed (attempt {Attempt} of {Attempts}); the rest stays in clear until a run finishes")]
    public static partial void JobFailed(ILogger logger, Exception exception, string address, int attempt, int attempts);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "The encryption of {Address}'s mail runs in another process; waiting for it")]
    public static partial void JobBusy(ILogger logger, string address);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "Resuming {Count} unfinished encryption migrations")]
    public static partial void Resuming(ILogger logger, int count);
}
