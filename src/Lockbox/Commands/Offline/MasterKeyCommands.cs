// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using Lockbox.Cli;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Offline;

namespace Lockbox.Commands.Offline;

/// <summary>
/// The <c>master-key</c> verbs: the provider's offline escrow key. Run them on an offline machine.
/// This namespace is the only place the executable touches Lockbox.Crypto.Offline, so server code
/// cannot reach a master secret key (an architecture test checks this).
/// </summary>
public static class MasterKeyCommands
{
    const string PublicKeyFile = "master.pub.asc";
    const string SecretKeyFile = "master.sec.asc";
    const int MaxShareFileBytes = 64 * 1024;

    public static Command Create()
    {
        var masterKey = new Command("master-key", "Create and recombine the offline escrow master key.");
        masterKey.Subcommands.Add(CreateCommand());
        masterKey.Subcommands.Add(CombineCommand());
        return masterKey;
    }

    static Command CreateCommand()
    {
        var output = new Option<string>("--out") { Description = "Directory to write the key files to (created if missing).", Required = true };
        var type = new Option<string>("--type") { Description = "Key type.", DefaultValueFactory = _ => "cv25519" };
        type.AcceptOnlyFromAmong("cv25519", "rsa4096");
        var shares = new Option<int?>("--shares") { Description = "Split the secret key into N shares instead of writing master.sec.asc (with --threshold)." };
        var threshold = new Option<int?>("--threshold") { Description = "How many shares rebuild the secret key, 2 <= M <= N (with --shares)." };
        var command = new Command("create", "Generate a new master key: writes master.pub.asc, and master.sec.asc or share-K-of-N.txt files.")
        {
            output, type, shares, threshold,
        };
        command.SetAction((result, cancellationToken) => CreateAsync(
            result.GetRequiredValue(output), result.GetRequiredValue(type), result.GetValue(shares), result.GetValue(threshold), cancellationToken));
        return command;
    }

    static Command CombineCommand()
    {
        var output = new Option<string>("--out") { Description = "File to write the unprotected master secret key to.", Required = true };
        var shareFiles = new Argument<string[]>("SHARE") { Description = "Share files (share-K-of-N.txt), at least the threshold of one set.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("combine", "Rebuild the master secret key from M-of-N shares, for offline use.")
        {
            output, shareFiles,
        };
        command.SetAction((result, cancellationToken) => CombineAsync(
            result.GetRequiredValue(output), result.GetRequiredValue(shareFiles), cancellationToken));
        return command;
    }

    static async Task<int> CreateAsync(string directory, string type, int? shareCount, int? threshold, CancellationToken cancellationToken)
    {
        if (shareCount.HasValue != threshold.HasValue)
        {
            throw new CliException("--shares and --threshold go together: give both, or neither");
        }

        if (shareCount is { } n && threshold is { } m && (m < 2 || m > n || n > Shamir.MaxShares))
        {
            throw new CliException($"need 2 <= --threshold <= --shares <= {Shamir.MaxShares}, got threshold {m} of {n} shares");
        }

        var secretFiles = shareCount is { } count
            ? [.. Enumerable.Range(1, count).Select(k => string.Create(CultureInfo.InvariantCulture, $"share-{k}-of-{count}.txt"))]
            : new[] { SecretKeyFile };
        var paths = secretFiles.Prepend(PublicKeyFile).Select(f => Path.Combine(directory, f)).ToList();
        // Check everything before generating, so a refusal leaves no half-written set behind.
        if (paths.FirstOrDefault(p => File.Exists(p) || Directory.Exists(p)) is { } existing)
        {
            throw new CliException($"{existing} already exists; refusing to overwrite it");
        }

        CreateDirectory(directory);
        using var master = MasterKeyCeremony.Generate(type == "rsa4096" ? MasterKeyType.Rsa4096 : MasterKeyType.Curve25519);
        await WriteTextAsync(paths[0], master.PublicKey.ToArmored(), secret: false, cancellationToken);
        if (shareCount is { } total && threshold is { } needed)
        {
            var split = MasterKeyCeremony.Split(master, needed, total);
            for (var i = 0; i < split.Count; i++)
            {
                await WriteTextAsync(paths[i + 1], split[i].ToArmored(), secret: true, cancellationToken);
            }
        }
        else
        {
            await using var file = OpenNew(paths[1], secret: true);
            master.WriteArmored(file);
        }

        foreach (var path in paths)
        {
            await Console.Out.WriteLineAsync($"wrote {path}");
        }

        await Console.Out.WriteLineAsync($"fingerprint {master.Fingerprint}");
        return ExitCodes.Success;
    }

    static async Task<int> CombineAsync(string outputFile, string[] shareFiles, CancellationToken cancellationToken)
    {
        if (File.Exists(outputFile) || Directory.Exists(outputFile))
        {
            throw new CliException($"{outputFile} already exists; refusing to overwrite it");
        }

        var shares = new List<SecretShare>();
        foreach (var shareFile in shareFiles)
        {
            shares.Add(await ReadShareAsync(shareFile, cancellationToken));
        }

        MasterSecretKey master;
        try
        {
            master = MasterKeyCeremony.Combine(shares);
        }
        catch (Exception e) when (e is ShareException or KeyFormatException)
        {
            throw new CliException(e.Message, e);
        }

        using (master)
        {
            await using (var file = OpenNew(outputFile, secret: true))
            {
                master.WriteArmored(file);
            }

            await Console.Out.WriteLineAsync($"wrote {outputFile}");
            await Console.Out.WriteLineAsync($"fingerprint {master.Fingerprint}");
        }

        return ExitCodes.Success;
    }

    internal static async Task<SecretShare> ReadShareAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            if (new FileInfo(path).Length > MaxShareFileBytes)
            {
                throw new CliException($"{path}: too large for a share file");
            }

            return SecretShare.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (ShareException e)
        {
            throw new CliException($"{path}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", e);
        }
    }

    static void CreateDirectory(string directory)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot create {directory}: {e.Message}", e);
        }
    }

    static async Task WriteTextAsync(string path, string text, bool secret, CancellationToken cancellationToken)
    {
        await using var file = OpenNew(path, secret);
        await using var writer = new StreamWriter(file);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }

    /// <summary>Creates a new file, never replacing one (O_EXCL); secrets get mode 0600 from the start, not after a chmod.</summary>
    internal static FileStream OpenNew(string path, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        try
        {
            return new FileStream(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {path}: {e.Message}", e);
        }
    }
}
