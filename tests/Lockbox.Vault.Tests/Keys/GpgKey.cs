// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Lockbox.Vault.Tests.Keys;

/// <summary>A public key made by the real gpg in a throw-away home directory: fingerprint and binary certificate.</summary>
internal sealed record GpgKey(string Fingerprint, byte[] PublicKey)
{
    /// <summary>
    /// An Ed25519 + Curve25519 key (gpg's "future-default") whose primary key and subkey expire <paramref name="expiry"/>
    /// (gpg's syntax, e.g. "10d") after <paramref name="madeAt"/>, made as if the clock read that time.
    /// </summary>
    public static Task<GpgKey> GenerateAsync(string userId, string expiry, DateTime madeAt, CancellationToken cancellationToken) =>
        GenerateAsync(userId, "future-default", expiry, madeAt, cancellationToken);

    /// <summary>As above with gpg's <paramref name="algorithm"/> name for the primary key and its encryption subkey, e.g. "rsa1024" (a weak-key fixture) or "rsa3072".</summary>
    public static async Task<GpgKey> GenerateAsync(string userId, string algorithm, string expiry, DateTime madeAt, CancellationToken cancellationToken)
    {
        var home = Directory.CreateTempSubdirectory("lockbox-gpg-").FullName;
        try
        {
            // Frozen ("!"): a running faked clock starts again at madeAt in each gpg call, so a subkey added after a slow key
            // generation would date before its primary key ("Time conflict").
            string[] faked = ["--faked-system-time", madeAt.ToString("yyyyMMdd'T'HHmmss'!'", System.Globalization.CultureInfo.InvariantCulture)];
            await RunAsync(home, [.. faked, "--passphrase", "", "--quick-gen-key", userId, algorithm, "default", expiry], cancellationToken);
            var listing = System.Text.Encoding.ASCII.GetString(await RunAsync(home, [.. faked, "--with-colons", "--list-keys", userId], cancellationToken)).Split('\n');
            var fingerprint = listing.First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
            if (algorithm != "future-default")
            {
                // gpg makes a named algorithm's primary key for signing only: add the encryption subkey future-default brings.
                // Dated at the primary key's own creation time: a slow RSA generation can stamp the primary a second after
                // madeAt (the frozen clock notwithstanding), and a subkey older than its primary is a "Time conflict".
                var created = long.Parse(listing.First(l => l.StartsWith("pub:", StringComparison.Ordinal)).Split(':')[5], System.Globalization.CultureInfo.InvariantCulture);
                string[] atPrimary = ["--faked-system-time", $"{Math.Max(created, new DateTimeOffset(madeAt).ToUnixTimeSeconds())}!"];
                await RunAsync(home, [.. atPrimary, "--passphrase", "", "--quick-add-key", fingerprint, algorithm, "encr", expiry], cancellationToken);
            }

            return new GpgKey(fingerprint, await RunAsync(home, ["--export", fingerprint], cancellationToken));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    static async Task<byte[]> RunAsync(string home, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("gpg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--homedir", home, "--batch", "--pinentry-mode", "loopback", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var gpg = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = gpg.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var errors = gpg.StandardError.ReadToEndAsync(cancellationToken);
        await gpg.WaitForExitAsync(cancellationToken);
        await copy;
        Assert.True(gpg.ExitCode == 0, $"gpg {string.Join(' ', start.ArgumentList)} failed: {await errors}");
        return output.ToArray();
    }
}
