// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Keys;

namespace Lockbox.Commands;

/// <summary>
/// <c>key import ADDRESS FILE --password-stdin [--keep-passphrase] [--discard-server-key]</c> (issue 5, item 3;
/// docs/decisions/0018, docs/own-keys.md). Standard input: line 1 the mailbox (login) password, line 2 the key's own
/// passphrase when it has one. Prints one line: the new active key and how it is kept.
/// </summary>
public static class KeyImportCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user who brings the key." };
        var file = new Argument<FileInfo>("FILE") { Description = "One OpenPGP key, armored or binary: a keypair (gpg --export-secret-keys) or a public key only." };
        var passwordStdin = CommonOptions.PasswordStdin();
        passwordStdin.Description =
            "Read secrets from standard input: line 1 the mailbox password; line 2, only for a keypair under another passphrase, that passphrase.";
        var keepPassphrase = new Option<bool>("--keep-passphrase")
        {
            Description = "Keep a keypair under its own passphrase (two-password mode: IMAP cannot open the mailbox) instead of the mailbox password.",
        };
        var discardServerKey = new Option<bool>("--discard-server-key")
        {
            Description = "With a public key only: remove the user's secret keys from the server; mail stored so far is then readable only with a copy the user kept.",
        };
        var import = new Command(
            "import",
            "Make a user's own key their active key: a keypair (re-protected with Argon2id) or a public key only (zero-access: the server can never read new mail). " +
            "Older keys stay for older mail. A key the key policy refuses changes nothing.")
        {
            address, file, data, passwordStdin, keepPassphrase, discardServerKey,
        };
        import.SetAction(async (parseResult, cancellationToken) =>
        {
            UserCommands.RequirePasswordStdin(parseResult.GetValue(passwordStdin));
            var key = await InputFile.ReadAllBytesAsync(parseResult.GetRequiredValue(file), cancellationToken);
            var password = await SecretInput.ReadLineAsync("mailbox password", cancellationToken);
            var passphrase = await Console.In.ReadLineAsync(cancellationToken) is { Length: > 0 } line ? line : null;
            var options = new KeyImportOptions(parseResult.GetValue(keepPassphrase), parseResult.GetValue(discardServerKey));
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var user = parseResult.GetRequiredValue(address);
            var result = await UserCommands.Run(() => vault.Get<KeyImporter>().ImportAsync(user, key, password, passphrase, options, cancellationToken));
            await Console.Out.WriteLineAsync($"{user}\t{Describe(result.Mode)}\t{result.Fingerprint}");
            return ExitCodes.Success;
        });
        return import;
    }

    static string Describe(KeyImportMode mode) => mode switch
    {
        KeyImportMode.MailboxPassword => "keypair-under-mailbox-password",
        KeyImportMode.OtherPassphrase => "keypair-reprotected-under-mailbox-password",
        KeyImportMode.SeparatePassphrase => "keypair-under-own-passphrase",
        _ => "public-key-only",
    };
}
