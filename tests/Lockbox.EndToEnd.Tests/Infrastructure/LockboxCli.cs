// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>Runs one <c>lockbox</c> verb as a child process, with standard input, and collects its output.</summary>
internal static class LockboxCli
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "lockbox.dll");

    public static Task<CliResult> RunAsync(string? stdin, params string[] arguments) => RunAsync(stdin, NoEnvironment, arguments);

    public static Task<CliResult> RunAsync(string? stdin, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunAsync(stdin is null ? null : Encoding.UTF8.GetBytes(stdin), environment, arguments);

    public static Task<CliResult> RunAsync(byte[]? stdin, params string[] arguments) => RunAsync(stdin, NoEnvironment, arguments);

    /// <summary>Runs a verb with extra environment variables, e.g. <c>LOCKBOX__Encryption__Mode</c>.</summary>
    public static async Task<CliResult> RunAsync(byte[]? stdin, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments, environment)) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    /// <summary>A start info for <c>dotnet lockbox.dll ARGS</c> with every stream redirected and <paramref name="environment"/> added.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
