// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>The administrator's and the user's verbs, each a real <c>lockbox</c> process.</summary>
internal static class LockboxVerbs
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

    /// <summary><c>key export ADDRESS --secret --password-stdin --out FILE</c>.</summary>
    public static async Task ExportSecretKeyAsync(string dataDirectory, string address, string password, string file) =>
        (await LockboxCli.RunAsync(password + "\n", "key", "export", address, "--secret", "--password-stdin", "--out", file, "--data", dataDirectory))
            .EnsureSuccess();
}
