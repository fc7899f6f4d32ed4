// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;

namespace Lockbox.Commands;

/// <summary>The <c>key</c> verbs: user key policy, import and export.</summary>
public static class KeyCommands
{
    public static Command Create()
    {
        var key = new Command("key", "Check, import and export users' OpenPGP keys.");
        key.Subcommands.Add(CreateCheck());
        return key;
    }

    /// <summary>
    /// <c>key check FILE</c>: the key policy verdict. Exit 0 and one <c>accepted:</c> line, or exit 1 and one
    /// <c>rejected:</c> line per broken rule, on stdout; exit 2 and a one-line error for an unusable file.
    /// </summary>
    static Command CreateCheck()
    {
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "OpenPGP key, ASCII-armored or binary; public, or secret (only its public part is checked).",
        };
        var check = new Command("check", "Check a key against the key strength policy: exit 0 if accepted, 1 if rejected.")
        {
            file,
        };
        check.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(file);
            var verdict = new KeyPolicy().Evaluate(await ReadKeyAsync(path, cancellationToken), DateTime.UtcNow);
            if (verdict.Accepted)
            {
                await Console.Out.WriteLineAsync($"accepted: {verdict.Fingerprint} {verdict.Summary}");
                return ExitCodes.Success;
            }

            foreach (var reason in verdict.Reasons)
            {
                await Console.Out.WriteLineAsync(reason);
            }

            return ExitCodes.Rejected;
        });
        return check;
    }

    static async Task<PublicCertificate> ReadKeyAsync(FileInfo path, CancellationToken cancellationToken)
    {
        byte[] data;
        try
        {
            data = await File.ReadAllBytesAsync(path.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {FirstLine(e.Message)}", e);
        }

        try
        {
            return KeyImport.Import(data).Certificate;
        }
        catch (KeyFormatException e)
        {
            throw new CliException($"{path}: {FirstLine(e.Message)}", e);
        }
    }

    static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r');
}
