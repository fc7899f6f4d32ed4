// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>Keys made by the real gpg in a <see cref="GpgHome"/>, as a user brings them to <c>key import</c>.</summary>
internal static class GpgKeys
{
    /// <summary>gpg's default key (Ed25519 primary, Cv25519 encryption subkey) protected by <paramref name="passphrase"/>; returns its fingerprint.</summary>
    public static async Task<string> GenerateAsync(this GpgHome gpg, string email, string passphrase)
    {
        Check(await gpg.RunAsync(passphrase, "--quick-gen-key", $"Own Key <{email}>", "future-default", "default", "never"), "--quick-gen-key");
        return await FingerprintAsync(gpg, email);
    }

    /// <summary>
    /// An RSA-1024 key with an RSA-1024 encryption subkey, unprotected, through a parameter file (DESIGN.md section 4,
    /// weak-key fixtures): below the key policy's 2048-bit floor.
    /// </summary>
    public static async Task<string> GenerateWeakRsaAsync(this GpgHome gpg, string email)
    {
        var parameters = System.IO.Path.Combine(gpg.Path, "weak-rsa1024.txt");
        await File.WriteAllTextAsync(parameters,
            "%no-protection\nKey-Type: RSA\nKey-Length: 1024\nKey-Usage: sign\nSubkey-Type: RSA\nSubkey-Length: 1024\nSubkey-Usage: encrypt\n" +
            $"Name-Real: Weak Key\nName-Email: {email}\nExpire-Date: 0\n%commit\n");
        Check(await gpg.RunAsync(null, "--gen-key", parameters), "--gen-key");
        return await FingerprintAsync(gpg, email);
    }

    public static async Task<string> ExportPublicAsync(this GpgHome gpg, string email) =>
        Check(await gpg.RunAsync(null, "--armor", "--export", email), "--export").Stdout;

    public static async Task<string> ExportSecretAsync(this GpgHome gpg, string email, string? passphrase) =>
        Check(await gpg.RunAsync(passphrase, "--armor", "--export-secret-keys", email), "--export-secret-keys").Stdout;

    /// <summary>Decrypts <paramref name="file"/> with this home's secret key; returns the plaintext bytes.</summary>
    public static async Task<byte[]> DecryptAsync(this GpgHome gpg, string file, string passphrase)
    {
        var output = file + ".out";
        Check(await gpg.RunAsync(passphrase, "--yes", "--output", output, "--decrypt", file), "--decrypt");
        return await File.ReadAllBytesAsync(output);
    }

    static async Task<string> FingerprintAsync(GpgHome gpg, string email)
    {
        var listing = Check(await gpg.RunAsync(null, "--with-colons", "--list-keys", email), "--list-keys").Stdout;
        // gpg's DETAILS: the first "fpr" record after "pub" holds the primary key's fingerprint in field 10.
        return listing.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
    }

    static CliResult Check(CliResult result, string what) =>
        result.ExitCode == 0 ? result : throw new InvalidOperationException($"gpg {what} failed: {result.Stderr}");
}
