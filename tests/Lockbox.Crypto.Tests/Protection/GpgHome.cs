// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Lockbox.Crypto.Tests.Protection;

/// <summary>
/// A throw-away gpg home directory for interop tests. Every call runs in batch mode against this home
/// only; disposing kills the agent it started and deletes the directory.
/// </summary>
internal sealed class GpgHome : IDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Short path: gpg-agent's socket lives here and Unix socket paths are limited to about 100 bytes.
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("lbx-gpg-").FullName;

    /// <summary>The path of a new file in the home directory holding <paramref name="text"/>.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs gpg with --homedir and --batch before <paramref name="arguments"/>.</summary>
    public GpgResult Run(string? stdin, params string[] arguments) =>
        Execute("gpg", ["--homedir", Directory, "--batch", .. arguments], stdin);

    public void Dispose()
    {
        Execute("gpgconf", ["--homedir", Directory, "--kill", "all"], null);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    static GpgResult Execute(string program, IEnumerable<string> arguments, string? stdin)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {Timeout.TotalSeconds} s");
        }

        return new GpgResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
