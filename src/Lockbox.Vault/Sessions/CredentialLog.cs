// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault.Sessions;

/// <summary>Log messages about credential versions (docs/decisions/0027); event IDs 4350-4399.</summary>
internal static partial class CredentialLog
{
    [LoggerMessage(EventId = 4350, Level = LogLevel.Information,
        Message = "The credentials of {Address} changed since they were unlocked here (version {Unlocked}, now {Current}): logins run the full check again; {Sessions} open session(s) keep their state until they end")]
    public static partial void Outdated(ILogger logger, string address, long unlocked, long current, int sessions);
}
