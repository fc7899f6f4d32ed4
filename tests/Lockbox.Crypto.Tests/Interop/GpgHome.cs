// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Lockbox.Crypto.Tests.Interop;

/// <summary>
/// A throw-away gpg home directory. Every run uses --homedir, --batch and loopback pinentry; disposing
/// stops the agent that gpg started and deletes the directory.
/// </summary>
internal sealed class GpgHome : IDisposable
{
    public GpgHome()
    {
        // Short path: the agent's socket path must stay under the 108-byte Unix socket limit.
        Directory = Path.Combine(Path.GetTempPath(), "lbgpg-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        if (!OperatingSystem.IsWindows())
        {
            // gpg warns about, and the agent refuses, a home directory that others can read.
            File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Directory { get; }

    /// <summary>Runs gpg with the given arguments after the fixed safety options, feeding <paramref name="stdin"/>.</summary>
    public Task<GpgResult> RunAsync(byte[]? stdin, params string[] arguments) =>
        RunProcessAsync("gpg", ["--homedir", Directory, "--batch", "--no-tty", "--pinentry-mode", "loopback", .. arguments], stdin);

    /// <summary>Like <see cref="RunAsync"/>, but throws with gpg's stderr if it exits non-zero.</summary>
    public async Task<byte[]> RunCheckedAsync(byte[]? stdin, params string[] arguments)
    {
        var result = await RunAsync(stdin, arguments);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"gpg {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
    }

    public void Dispose()
    {
        using (var kill = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", Directory, "--kill", "all"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }))
        {
            kill?.WaitForExit(10_000);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    static async Task<GpgResult> RunProcessAsync(string file, IEnumerable<string> arguments, byte[]? stdin)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        using var stdout = new MemoryStream();
        var readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await Task.WhenAll(readOut, readErr);
        await process.WaitForExitAsync();
        return new GpgResult(process.ExitCode, stdout.ToArray(), await readErr);
    }
}
