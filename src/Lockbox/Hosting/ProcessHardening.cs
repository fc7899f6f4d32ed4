// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Lockbox.Hosting;

/// <summary>
/// Makes the process non-dumpable (<c>prctl(PR_SET_DUMPABLE, 0)</c>, docs/decisions/0032): no core file with unlocked keys
/// in it, and other processes of the same user cannot ptrace it or read its <c>/proc/PID/mem</c>. Called first thing
/// by every verb, as any of them may unlock a key; <c>serve</c> logs the outcome.
/// </summary>
internal static partial class ProcessHardening
{
    const int PrSetDumpable = 4;
    const int PrGetDumpable = 3;

    /// <summary>What <c>PR_GET_DUMPABLE</c> read back after the call: 0 when it worked, -1 off Linux or on failure.</summary>
    public static int Dumpable { get; private set; } = -1;

    /// <summary>The errno when <c>prctl</c> failed, else 0.</summary>
    public static int Error { get; private set; }

    public static void DisableCoreDumps()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (Prctl(PrSetDumpable, 0, 0, 0, 0) != 0)
        {
            Error = Marshal.GetLastPInvokeError();
            return;
        }

        Dumpable = Prctl(PrGetDumpable, 0, 0, 0, 0);
    }

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
