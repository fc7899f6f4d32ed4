// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// POSIX signals to a child process: freeze it (SIGSTOP) to look at the data directory while it cannot move on, let it
/// run again (SIGCONT), or kill it where it stands (SIGKILL, the crash a power cut or the OOM killer causes).
/// </summary>
internal static partial class ProcessSignals
{
    // Linux x86-64 and arm64 numbers (signal(7)).
    const int SigKill = 9;
    const int SigCont = 18;
    const int SigStop = 19;

    /// <summary>Sends SIGSTOP and waits until the kernel reports the process stopped (delivery is asynchronous).</summary>
    public static void Freeze(int pid)
    {
        Send(pid, SigStop);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        // proc(5): the state follows the command name in parentheses; 'T' is stopped by a signal.
        while (File.ReadAllText($"/proc/{pid}/stat") is var stat && stat[(stat.LastIndexOf(')') + 2)..][0] != 'T')
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new TimeoutException($"process {pid} did not stop");
            }

            Thread.Sleep(1);
        }
    }

    public static void Resume(int pid) => Send(pid, SigCont);

    public static void KillNow(int pid) => Send(pid, SigKill);

    static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
