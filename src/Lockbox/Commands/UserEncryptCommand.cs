// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Consent;
using Lockbox.Vault.Contracts;

namespace Lockbox.Commands;

/// <summary>
/// <c>user encrypt ADDRESS --password-stdin</c> (issue 5, item 2; docs/decisions/0017): prints the consent text, turns
/// encryption on with a generated key, then encrypts the existing mail with a progress bar. A run after a crash (or
/// kill) continues the migration: the same command with the same password.
/// </summary>
public static class UserEncryptCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The cleartext user who opts in." };
        var passwordStdin = CommonOptions.PasswordStdin();
        var encrypt = new Command(
            "encrypt", "Turn encryption on for a cleartext user (records the consent), then encrypt their existing mail; run it again to continue an interrupted run.")
        {
            address, data, passwordStdin,
        };
        encrypt.SetAction(async (parseResult, cancellationToken) =>
        {
            UserCommands.RequirePasswordStdin(parseResult.GetValue(passwordStdin));
            var who = parseResult.GetRequiredValue(address);
            // The text is shown before anything changes; the audit entry records its label.
            await Console.Out.WriteLineAsync($"{EncryptionOptIn.Consent.Label}: {EncryptionOptIn.Consent.Text}");
            var password = await SecretInput.ReadLineAsync("password", cancellationToken);
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var optIn = vault.Get<EncryptionOptIn>();
            var started = await UserCommands.Run(() => optIn.OptInAsync(who, password, ConsentActor.Administrator, cancellationToken));
            if (started.Done > 0 || started.State != EncryptionMigrationState.Encrypting)
            {
                await Console.Out.WriteLineAsync($"continuing the encryption of {who}: {started.Done} of {started.Total} messages done before");
            }

            var finished = await UserCommands.Run(() => TerminalProgress.RunAsync<EncryptionMigrationStatus, EncryptionMigrationStatus>(
                "encrypting", progress => optIn.ContinueAsync(who, progress, cancellationToken), s => (s.Done, s.Total)));
            await Console.Out.WriteLineAsync($"encryption on for {who}: {finished.Total} existing messages encrypted, their cleartext removed");
            return ExitCodes.Success;
        });
        return encrypt;
    }
}
