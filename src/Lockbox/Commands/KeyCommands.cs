// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;
using Lockbox.Hosting;
using Lockbox.Vault.Accounts;

namespace Lockbox.Commands;

/// <summary>The <c>key</c> verbs: user key policy, import and export.</summary>
public static class KeyCommands
{
    public static Command Create()
    {
        var key = new Command("key", "Check, import and export users' OpenPGP keys.");
        key.Subcommands.Add(CreateCheck());
        key.Subcommands.Add(CreateExport());
        key.Subcommands.Add(CreateRotate());
        key.Subcommands.Add(KeyImportCommand.Create());
        key.Subcommands.Add(KeyRewrapCommand.Create());
        return key;
    }

    /// <summary>
    /// <c>key rotate ADDRESS --password-stdin [--rewrap]</c>: a new active key under the same protection; older keys stay
    /// for older mail (issue 5, item 7). Prints the user line with the new fingerprint. With <c>--rewrap</c>, the stored
    /// session keys are then re-wrapped to the new key (<see cref="KeyRewrapCommand"/>, docs/decisions/0020).
    /// </summary>
    static Command CreateRotate()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user whose key to rotate." };
        var passwordStdin = CommonOptions.PasswordStdin();
        var rewrap = new Option<bool>("--rewrap")
        {
            Description = "Then re-wrap the stored mail's session keys to the new key, without rewriting bodies (as `key rewrap`).",
        };
        var rotate = new Command("rotate", "Give a user a new active key; new mail is encrypted to it only, old keys stay for old mail.")
        {
            address, data, passwordStdin, rewrap,
        };
        rotate.SetAction(async (parseResult, cancellationToken) =>
        {
            UserCommands.RequirePasswordStdin(parseResult.GetValue(passwordStdin));
            var password = await SecretInput.ReadLineAsync("password", cancellationToken);
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var rotated = await UserCommands.Run(() => vault.Get<AccountService>().RotateKeyAsync(parseResult.GetRequiredValue(address), password, cancellationToken));
            await Console.Out.WriteLineAsync(UserCommands.Describe(rotated));
            return parseResult.GetValue(rewrap)
                ? await KeyRewrapCommand.RunAsync(vault, parseResult.GetRequiredValue(address), password, cancellationToken)
                : ExitCodes.Success;
        });
        return rotate;
    }

    /// <summary>
    /// <c>key export ADDRESS [--secret --password-stdin] [--out FILE]</c>: the armored public key, or the
    /// secret key protected for gpg 2.2 with the mailbox password (iterated+salted SHA-256, AES-256).
    /// </summary>
    static Command CreateExport()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user whose key to export." };
        var secret = new Option<bool>("--secret") { Description = "Export the secret key, protected for gpg with the mailbox password." };
        var passwordStdin = CommonOptions.PasswordStdin();
        var output = new Option<string?>("--out") { Description = "Write to this file (mode 0600) instead of standard output.", HelpName = "FILE" };
        var export = new Command("export", "Export a user's active key, armored.") { address, data, secret, passwordStdin, output };
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            var user = parseResult.GetRequiredValue(address);
            string? password = null;
            if (parseResult.GetValue(secret))
            {
                if (!parseResult.GetValue(passwordStdin))
                {
                    throw new CliException("--secret needs --password-stdin and the mailbox password on standard input");
                }

                password = await SecretInput.ReadLineAsync("password", cancellationToken);
            }

            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var accounts = vault.Get<AccountService>();
            var armored = password is null
                ? await UserCommands.Run(() => accounts.ExportPublicKeyAsync(user, cancellationToken))
                    ?? throw new CliException($"user {user} has no key", ExitCodes.Rejected)
                : await UserCommands.Run(() => accounts.ExportSecretKeyAsync(user, password, cancellationToken));
            if (parseResult.GetValue(output) is { } path)
            {
                await using var file = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(armored), cancellationToken);
            }
            else
            {
                await Console.Out.WriteAsync(armored);
            }

            return ExitCodes.Success;
        });
        return export;
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
        var data = await InputFile.ReadAllBytesAsync(path, cancellationToken);
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
