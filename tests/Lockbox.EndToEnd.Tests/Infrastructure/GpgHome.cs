// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A throwaway GNUPGHOME for the real gpg: the user's side of "open your mailbox with gpg alone".
/// Passphrases go in on standard input with loopback pinentry; disposing stops the agent.
/// </summary>
internal sealed class GpgHome : IDisposable
{
    readonly TempDirectory _directory = new();

    public string Path => _directory.Path;

    /// <summary>Imports an exported (protected) secret key, giving gpg its passphrase.</summary>
    public async Task ImportSecretKeyAsync(string keyFile, string passphrase) =>
        (await RunAsync(passphrase, "--import", keyFile)).EnsureSuccess();

    /// <summary>
    /// <c>gpg --decrypt-files</c>: each FILE.pgp becomes FILE next to it. One gpg run for all of
    /// them; the agent keeps the unlocked key after the first.
    /// </summary>
    public async Task<CliResult> DecryptFilesAsync(IEnumerable<string> files, string passphrase) =>
        await RunAsync(passphrase, ["--decrypt-files", .. files]);

    Task<CliResult> RunAsync(string passphrase, params string[] arguments) =>
        ExternalProcess.RunAsync(
            "gpg",
            ["--homedir", Path, "--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback", "--passphrase-fd", "0", .. arguments],
            passphrase + "\n");

    public void Dispose()
    {
        using (var kill = Process.Start("gpgconf", ["--homedir", Path, "--kill", "all"]))
        {
            kill.WaitForExit(10_000);
        }

        _directory.Dispose();
    }
}
