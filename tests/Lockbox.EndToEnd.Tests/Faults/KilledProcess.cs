// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// A <c>lockbox</c> verb run as a child process and killed with SIGKILL after a delay: the crash lands wherever the verb
/// is at that moment, with no hook in the product. Returns whether it was still running when killed (else it finished).
/// </summary>
internal static class KilledProcess
{
    public static async Task<(bool Killed, TimeSpan Ran)> RunAndKillAsync(
        string stdin, IReadOnlyDictionary<string, string> environment, TimeSpan after, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(LockboxCli.StartInfo(arguments, environment))
            ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var exited = process.WaitForExitAsync();
        var killed = await Task.WhenAny(exited, Task.Delay(after)) != exited;
        if (killed)
        {
            // Process.Kill is SIGKILL on Unix: no handler, no finally block, no flush runs in the verb.
            process.Kill();
        }

        await exited;
        await Task.WhenAll(stdout, stderr);
        return (killed, clock.Elapsed);
    }

    /// <summary>How long the verb takes when left alone (it must succeed).</summary>
    public static async Task<TimeSpan> TimeAsync(string stdin, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        (await LockboxCli.RunAsync(stdin, environment, arguments)).EnsureSuccess();
        return clock.Elapsed;
    }
}
