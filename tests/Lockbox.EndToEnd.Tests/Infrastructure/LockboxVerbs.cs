// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.RegularExpressions;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>The administrator's and the user's verbs, each a real <c>lockbox</c> process.</summary>
internal static partial class LockboxVerbs
{
    /// <summary><c>user add ADDRESS --password-stdin [--encrypt]</c>.</summary>
    public static async Task AddUserAsync(string dataDirectory, string address, string password, bool encrypt)
    {
        string[] arguments = ["user", "add", address, "--password-stdin", "--data", dataDirectory];
        (await LockboxCli.RunAsync(password + "\n", encrypt ? [.. arguments, "--encrypt"] : arguments)).EnsureSuccess();
    }

    /// <summary><c>export ADDRESS --out DIR</c>, then the exported files as index.tsv lists them.</summary>
    public static async Task<IReadOnlyList<ExportedMessage>> ExportAsync(string dataDirectory, string address, string directory)
    {
        (await LockboxCli.RunAsync((string?)null, "export", address, "--out", directory, "--data", dataDirectory)).EnsureSuccess();
        return ExportedMessage.ReadIndex(directory);
    }

    /// <summary>
    /// The user's way out with gpg alone (issue 3): <see cref="ExportAsync"/>, <see cref="ExportSecretKeyAsync"/> to
    /// <c>DIRECTORY.key.asc</c>, then gpg imports the key and decrypts every exported file; each plaintext lands next to its
    /// <c>.eml.pgp</c>, without the <c>.pgp</c>. Returns the exported files.
    /// </summary>
    public static async Task<IReadOnlyList<ExportedMessage>> ExportAndDecryptAsync(string dataDirectory, string address, string password, string directory)
    {
        var exported = await ExportAsync(dataDirectory, address, directory);
        var keyFile = directory + ".key.asc";
        await ExportSecretKeyAsync(dataDirectory, address, password, keyFile);
        using var gpg = new GpgHome();
        await gpg.ImportAsync(await File.ReadAllTextAsync(keyFile), password);
        var decrypt = await gpg.DecryptFilesAsync(password, exported.Select(e => e.Path));
        Assert.True(decrypt.ExitCode == 0, decrypt.Stderr);
        return exported;
    }

    /// <summary><c>master-key create --out DIRECTORY</c> (offline, no data directory); the new key's fingerprint.</summary>
    public static async Task<string> CreateMasterKeyAsync(string directory)
    {
        var created = (await LockboxCli.RunAsync((string?)null, "master-key", "create", "--out", directory)).EnsureSuccess().Stdout;
        return created.Split('\n').Single(l => l.StartsWith("fingerprint ", StringComparison.Ordinal))["fingerprint ".Length..];
    }

    /// <summary><c>key export ADDRESS --secret --password-stdin --out FILE</c>.</summary>
    public static async Task ExportSecretKeyAsync(string dataDirectory, string address, string password, string file) =>
        (await LockboxCli.RunAsync(password + "\n", "key", "export", address, "--secret", "--password-stdin", "--out", file, "--data", dataDirectory))
            .EnsureSuccess();

    /// <summary><c>user quota ADDRESS [ARGUMENTS]</c>: the stored bytes and the limit it prints (null: none).</summary>
    public static async Task<(long Used, long? Limit)> QuotaAsync(string dataDirectory, string address, params string[] arguments)
    {
        var result = (await LockboxCli.RunAsync((string?)null, ["user", "quota", address, .. arguments, "--data", dataDirectory])).EnsureSuccess();
        var match = QuotaLine().Match(result.Stdout);
        Assert.True(match.Success, result.Stdout);
        return (long.Parse(match.Groups["used"].Value, CultureInfo.InvariantCulture),
            match.Groups["limit"].Success ? long.Parse(match.Groups["limit"].Value, CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex(@"used (?<used>\d+) bytes\t(limit (?<limit>\d+) bytes|no limit)")]
    private static partial Regex QuotaLine();
}
