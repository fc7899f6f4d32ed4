// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Hosting;

/// <summary>Secrets hygiene events (5200-5249, docs/decisions/0032).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Core dumps disabled: the process is not dumpable (PR_GET_DUMPABLE = {Dumpable})")]
    public static partial void CoreDumpsDisabled(ILogger logger, int dumpable);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Could not disable core dumps (prctl PR_SET_DUMPABLE failed, errno {Errno}, dumpable = {Dumpable}): a crash may write unlocked keys to a core file")]
    public static partial void CoreDumpsNotDisabled(ILogger logger, int errno, int dumpable);
}
