// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real <c>lockbox serve</c> process on ephemeral ports (DESIGN.md section 5: port 0, and the
/// "listening NAME HOST:PORT" lines). Its stderr (the log) is kept for leak scans.
/// </summary>
internal sealed partial class LockboxServer : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _log = new();
    readonly Task _stderrPump;
    readonly Task _stdoutPump;

    LockboxServer(Process process, string dataDirectory, IReadOnlyDictionary<string, string> addresses)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Addresses = addresses;
        Listeners = addresses
            .Where(a => IPEndPoint.TryParse(a.Value, out _))
            .ToDictionary(a => a.Key, a => IPEndPoint.Parse(a.Value), StringComparer.Ordinal);
        _stderrPump = PumpAsync(process.StandardError, _log);
        // Whatever serve prints on stdout after the listening lines goes to the log too (and the pipe never fills).
        _stdoutPump = PumpAsync(process.StandardOutput, _log);
    }

    public string DataDirectory { get; }

    /// <summary>The TCP listeners by name ("lmtp").</summary>
    public IReadOnlyDictionary<string, IPEndPoint> Listeners { get; }

    /// <summary>Every listening line's address by name, as printed ("lmtp-unix" is a socket path).</summary>
    public IReadOnlyDictionary<string, string> Addresses { get; }

    public IPEndPoint Lmtp => Listeners["lmtp"];

    public int ProcessId => _process.Id;

    /// <summary>Everything the server logged so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Waits up to 10 s for <paramref name="text"/> in the log and returns the log: the console logger writes from its
    /// own queue, so a line can appear after the reply its event belongs to has reached the client.
    /// </summary>
    public async Task<string> WaitForLogAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Log.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Log;
    }

    /// <summary>
    /// Starts the server on <paramref name="dataDirectory"/> and waits for its listening lines: "lmtp",
    /// "imap", "imaps", "web", and "lmtp-unix" as well when <c>--lmtp-socket</c> is among <paramref name="extraArguments"/>.
    /// </summary>
    public static Task<LockboxServer> StartAsync(string dataDirectory, params string[] extraArguments) =>
        StartAsync(dataDirectory, LockboxCli.NoEnvironment, extraArguments);

    /// <summary>Starts the server with extra environment variables (configuration such as <c>LOCKBOX__Encryption__Mode</c>).</summary>
    public static Task<LockboxServer> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArguments) =>
        StartAsync([], dataDirectory, environment, extraArguments);

    /// <summary>
    /// Starts the server through <paramref name="launcher"/>, a command that ends by exec-ing the rest of its arguments (so
    /// the process and its PID become the server's): a sandbox as a service manager would set it up.
    /// </summary>
    public static async Task<LockboxServer> StartAsync(
        IReadOnlyList<string> launcher, string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArguments)
    {
        // LMTP on loopback unless the test names its own endpoint.
        string[] lmtp = extraArguments.Contains("--lmtp") ? [] : ["--lmtp", "127.0.0.1:0"];
        string[] arguments = ["serve", "--data", dataDirectory, .. lmtp, "--imap", "127.0.0.1:0", "--imaps", "127.0.0.1:0", "--web", "127.0.0.1:0", .. extraArguments];
        // Dozens of servers start in this suite on two cores: compiling ahead (Lockbox.Hosting.Precompiler, tested on
        // its own) would only add seconds of CPU to each start, and no test here measures a first call.
        var settings = new Dictionary<string, string>(environment);
        settings.TryAdd("LOCKBOX__Precompile", "false");
        var start = LockboxCli.StartInfo(arguments, settings);
        if (launcher.Count > 0)
        {
            string[] command = [.. launcher.Skip(1), start.FileName, .. start.ArgumentList];
            start.FileName = launcher[0];
            start.ArgumentList.Clear();
            foreach (var argument in command)
            {
                start.ArgumentList.Add(argument);
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        string[] expected = extraArguments.Contains("--lmtp-socket") ? ["lmtp", "imap", "imaps", "web", "lmtp-unix"] : ["lmtp", "imap", "imaps", "web"];
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (!expected.All(addresses.ContainsKey))
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("lockbox serve exited: " + await process.StandardError.ReadToEndAsync());
                if (line.Split(' ') is ["listening", var name, var address])
                {
                    addresses[name] = address;
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        return new LockboxServer(process, dataDirectory, addresses);
    }

    /// <summary>SIGTERM, then wait for a clean exit. Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
        }

        await Task.WhenAll(_stderrPump, _stdoutPump);
        return _process.ExitCode;
    }

    /// <summary>
    /// <see cref="StopAsync"/>, then adds the log to <paramref name="logs"/> (for a leak scan that spans restarts) and disposes
    /// the process. Returns the exit code.
    /// </summary>
    public async Task<int> StopKeepingLogAsync(StringBuilder logs)
    {
        var exitCode = await StopAsync();
        logs.Append(Log);
        await DisposeAsync();
        return exitCode;
    }

    /// <summary>SIGKILL: the crash a power cut or the OOM killer causes.</summary>
    public async Task CrashAsync()
    {
        _ = Kill(_process.Id, SigKill);
        await _process.WaitForExitAsync();
        await Task.WhenAll(_stderrPump, _stdoutPump);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await CrashAsync();
        }

        _process.Dispose();
    }

    static async Task PumpAsync(StreamReader reader, StringBuilder log)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    const int SigKill = 9;
    const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
