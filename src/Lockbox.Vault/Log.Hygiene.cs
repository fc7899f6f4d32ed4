// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault;

/// <summary>Secrets hygiene events (4450-4499, docs/decisions/0032).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4450, Level = LogLevel.Warning, Message = "mlock of key buffers was refused (RLIMIT_MEMLOCK, see LimitMEMLOCK in the systemd unit): unlocked keys may be swapped out")]
    public static partial void MemoryLockRefused(ILogger logger);
}
