// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>A fresh data directory and a scratch area, with the verbs most CLI tests need as setup.</summary>
internal sealed class CliDataDirectory : IDisposable
{
    readonly TempDirectory _work = new();

    public string Path => _work.Combine("data");

    public StoreInspector Inspector => new(Path);

    /// <summary>A path in the scratch area, outside the data directory.</summary>
    public string Scratch(string name) => _work.Combine(name);

    /// <summary>Runs <c>lockbox ARGS --data DIR</c>.</summary>
    public Task<CliResult> RunAsync(string? stdin, params string[] arguments) => LockboxCli.RunAsync(stdin, [.. arguments, "--data", Path]);

    /// <summary>Runs <c>lockbox ARGS --data DIR</c> with <c>Encryption:Mode</c> set to <paramref name="mode"/>.</summary>
    public Task<CliResult> RunInModeAsync(string mode, string? stdin, params string[] arguments) =>
        LockboxCli.RunAsync(stdin, EncryptionMode(mode), [.. arguments, "--data", Path]);

    /// <summary>The environment that sets the server's <c>Encryption:Mode</c>.</summary>
    public static IReadOnlyDictionary<string, string> EncryptionMode(string mode) =>
        new Dictionary<string, string> { ["LOCKBOX__Encryption__Mode"] = mode };

    public async Task AddUserAsync(string address, string password, bool encrypt)
    {
        string[] arguments = encrypt ? ["user", "add", address, "--password-stdin", "--encrypt"] : ["user", "add", address, "--password-stdin"];
        CliAssert.Succeeds(await RunAsync(password + "\n", arguments));
    }

    /// <summary>LDA delivery (<c>deliver --to</c>), which must succeed.</summary>
    public async Task DeliverAsync(string address, string message) =>
        CliAssert.Succeeds(await RunAsync(message, "deliver", "--to", address, "--from", "sender@example.net"));

    /// <summary>
    /// The user's way out with gpg alone: <c>export</c>, <c>key export --secret</c>, then gpg imports the
    /// key with <paramref name="password"/> and decrypts every .eml.pgp. Returns the plaintexts in file order.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExportAndDecryptAsync(string address, string password)
    {
        var output = Scratch($"export-{Guid.NewGuid():N}");
        CliAssert.Succeeds(await RunAsync(null, "export", address, "--out", output));
        var key = CliAssert.Succeeds(await RunAsync(password + "\n", "key", "export", address, "--secret", "--password-stdin")).Stdout;
        using var gpg = new GpgHome();
        await gpg.ImportAsync(key, password);
        var files = Directory.GetFiles(output, "*.eml.pgp").Order(StringComparer.Ordinal).ToList();
        var result = await gpg.DecryptFilesAsync(password, files);
        Assert.True(result.ExitCode == 0, "gpg --decrypt-files failed: " + result.Stderr);
        var plaintexts = new List<string>();
        foreach (var file in files)
        {
            plaintexts.Add(await File.ReadAllTextAsync(file[..^".pgp".Length]));
        }

        return plaintexts;
    }

    /// <summary>A small message whose Subject and body carry <paramref name="tag"/>.</summary>
    public static string Message(string tag) =>
        $"From: Sender <sender@example.net>\r\nTo: someone@example.org\r\nSubject: {tag}\r\nMessage-ID: <{tag}@example.net>\r\n" +
        $"Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n\r\nThe body of {tag}.\r\n";

    public void Dispose() => _work.Dispose();
}
