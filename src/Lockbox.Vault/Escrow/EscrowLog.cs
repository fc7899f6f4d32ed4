// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault.Escrow;

/// <summary>Escrow log events, IDs 4100-4102 and 4351 (apart from <see cref="Log"/> so that areas can add events side by side).</summary>
internal static partial class EscrowLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning,
        Message = "Escrow:Mode is {Mode} but no escrow master key is installed: {Address} has no escrow copy (lockbox escrow install-master; the copy is made at the user's next login)")]
    public static partial void NoMaster(ILogger logger, string mode, string address);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Wrote {Count} escrow copies for {Address} to master key {Master}")]
    public static partial void CopiesWritten(ILogger logger, int count, string address, string master);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Escrow copies for {Address} could not be brought up to date at login")]
    public static partial void LoginRefreshFailed(ILogger logger, Exception exception, string address);

    [LoggerMessage(EventId = 4351, Level = LogLevel.Information,
        Message = "No escrow copy written for {Address}: their escrow choice changed (an opt-out) since it was read")]
    public static partial void ChoiceChanged(ILogger logger, string address);
}
