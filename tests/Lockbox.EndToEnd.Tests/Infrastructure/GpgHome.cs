// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Real gpg (the "no Lockbox code" side of export) in a throwaway GNUPGHOME: batch mode, loopback
/// pinentry, and the agent killed on dispose so no daemon outlives the test.
/// </summary>
internal sealed class GpgHome : IDisposable
{
    readonly TempDirectory _home = new();

    public GpgHome()
    {
        // The agent re-protects an imported key and re-derives it on every decryption. Lockbox exports
        // with the maximum S2K count (RFC 4880 section 3.7.1.3), about 1 s per message here; this
        // throwaway home uses the minimum so that decrypting a whole mailbox stays fast.
        File.WriteAllText(_home.Combine("gpg-agent.conf"), "s2k-count 65536\n");
    }

    public string Path => _home.Path;

    /// <summary>Imports an armored key; a secret key is imported with <paramref name="passphrase"/>.</summary>
    public async Task ImportAsync(string armoredKey, string? passphrase = null)
    {
        var file = _home.Combine($"import-{Guid.NewGuid():N}.asc");
        await File.WriteAllTextAsync(file, armoredKey);
        var result = await RunAsync(passphrase, "--import", file);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"gpg --import failed: {result.Stderr}");
        }
    }

    /// <summary>
    /// Decrypts every file with one gpg run (--decrypt-files): "X.pgp" becomes "X" next to it.
    /// Returns gpg's exit code and stderr; the caller checks which outputs exist.
    /// </summary>
    public Task<CliResult> DecryptFilesAsync(string passphrase, IEnumerable<string> files) =>
        RunAsync(passphrase, ["--yes", "--decrypt-files", .. files]);

    /// <summary>Runs gpg with the standard batch options for this home.</summary>
    public async Task<CliResult> RunAsync(string? passphrase, params string[] arguments)
    {
        var start = new ProcessStartInfo("gpg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        string[] common = ["--homedir", Path, "--batch", "--no-tty", "--pinentry-mode", "loopback"];
        foreach (var argument in common.Concat(passphrase is null ? [] : ["--passphrase", passphrase]).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start gpg");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        using (var kill = Process.Start("gpgconf", ["--homedir", Path, "--kill", "all"]))
        {
            kill.WaitForExit();
        }

        _home.Dispose();
    }
}
