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

    LockboxServer(Process process, string dataDirectory, IReadOnlyDictionary<string, IPEndPoint> listeners)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Listeners = listeners;
        _stderrPump = PumpAsync(process.StandardError, _log);
    }

    public string DataDirectory { get; }

    public IReadOnlyDictionary<string, IPEndPoint> Listeners { get; }

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

    /// <summary>Starts the server on <paramref name="dataDirectory"/> and waits for its listening lines.</summary>
    public static async Task<LockboxServer> StartAsync(string dataDirectory, params string[] extraArguments)
    {
        var process = Process.Start(LockboxCli.StartInfo(["serve", "--data", dataDirectory, "--lmtp", "127.0.0.1:0", .. extraArguments]))
            ?? throw new InvalidOperationException("could not start dotnet");
        var listeners = new Dictionary<string, IPEndPoint>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (!listeners.ContainsKey("lmtp"))
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("lockbox serve exited: " + await process.StandardError.ReadToEndAsync());
                var parts = line.Split(' ');
                if (parts is ["listening", var name, var endPoint] && IPEndPoint.TryParse(endPoint, out var parsed))
                {
                    listeners[name] = parsed;
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        return new LockboxServer(process, dataDirectory, listeners);
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

        await _stderrPump;
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the crash a power cut or the OOM killer causes.</summary>
    public async Task CrashAsync()
    {
        _ = Kill(_process.Id, SigKill);
        await _process.WaitForExitAsync();
        await _stderrPump;
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
