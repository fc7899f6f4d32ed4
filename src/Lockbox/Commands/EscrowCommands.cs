// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Commands.Offline;
using Lockbox.Hosting;
using Lockbox.Vault.Consent;
using Lockbox.Vault.Escrow;

namespace Lockbox.Commands;

/// <summary>
/// The <c>escrow</c> verbs (issue 5, item 6; docs/decisions/0019): install-master, the user's choice (consent,
/// opt-out), and a recovery: export (server), recover (offline, <see cref="EscrowRecoverCommand"/>), restore (server).
/// </summary>
public static class EscrowCommands
{
    public static Command Create()
    {
        var escrow = new Command("escrow", "Key escrow to the provider's offline master key.");
        escrow.Subcommands.Add(CreateInstallMaster());
        escrow.Subcommands.Add(CreateChoice("consent", "Record the user's consent to escrow (the text is printed first) and copy every key of theirs to the master key.", ConsentTexts.Escrow,
            async (service, address, password, cancellationToken) =>
                $"escrow copy made of {await service.ConsentAsync(address, password, ConsentActor.Administrator, cancellationToken)} key(s) of {address}"));
        escrow.Subcommands.Add(CreateChoice("opt-out", "Record that the user declines escrow (the warning is printed first) and delete every escrow copy irrecoverably.", ConsentTexts.EscrowOptOut,
            async (service, address, password, cancellationToken) =>
                $"{address} opted out of escrow: {await service.OptOutAsync(address, password, ConsentActor.Administrator, cancellationToken)} escrow copy(ies) deleted"));
        escrow.Subcommands.Add(CreateExport());
        escrow.Subcommands.Add(EscrowRecoverCommand.Create());
        escrow.Subcommands.Add(CreateRestore());
        return escrow;
    }

    static Command CreateInstallMaster()
    {
        var data = CommonOptions.Data();
        var file = new Argument<FileInfo>("FILE") { Description = "The master public key (master.pub.asc from master-key create). A secret key is refused." };
        var install = new Command("install-master", "Install the escrow master public key; the secret key never comes near the server.") { file, data };
        install.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(file);
            var key = await InputFile.ReadAllBytesAsync(path, cancellationToken);

            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var fingerprint = await UserCommands.Run(() => vault.Get<EscrowMaster>().InstallAsync(key, cancellationToken));
            await Console.Out.WriteLineAsync($"installed escrow master public key {fingerprint}");
            return ExitCodes.Success;
        });
        return install;
    }

    /// <summary><c>escrow consent|opt-out ADDRESS --password-stdin</c>: prints <paramref name="text"/>, then acts.</summary>
    static Command CreateChoice(
        string name, string description, ConsentText text, Func<EscrowService, string, string, CancellationToken, Task<string>> act)
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user whose choice this is." };
        var passwordStdin = CommonOptions.PasswordStdin();
        var command = new Command(name, description) { address, data, passwordStdin };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            UserCommands.RequirePasswordStdin(parseResult.GetValue(passwordStdin));
            var password = await SecretInput.ReadLineAsync("password", cancellationToken);
            await Console.Out.WriteLineAsync($"{text.Label}: {text.Text}");
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var done = await UserCommands.Run(() => act(vault.Get<EscrowService>(), parseResult.GetRequiredValue(address), password, cancellationToken));
            await Console.Out.WriteLineAsync(done);
            return ExitCodes.Success;
        });
        return command;
    }

    static Command CreateExport()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user whose key is to be recovered." };
        var output = new Option<string>("--out") { Description = "Where to write the recovery request (not overwritten).", Required = true, HelpName = "FILE" };
        var export = new Command("export", "Write a recovery request for the offline side: the user's escrow copies and a request ID.") { address, output, data };
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(output);
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new CliException($"{path} already exists; refusing to overwrite it");
            }

            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var request = await UserCommands.Run(() => vault.Get<EscrowService>().ExportAsync(parseResult.GetRequiredValue(address), cancellationToken));
            await using (var file = MasterKeyCommands.OpenNew(path, secret: true))
            {
                await file.WriteAsync(request, cancellationToken);
            }

            await Console.Out.WriteLineAsync($"wrote {path}");
            return ExitCodes.Success;
        });
        return export;
    }

    static Command CreateRestore()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user whose keys are restored." };
        var response = new Argument<FileInfo>("RESP") { Description = "The recovery response written by escrow recover." };
        var restore = new Command("restore", "Install recovered keys under the one-time password; the user must set a new password before logging in.")
        {
            address, response, data,
        };
        restore.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(response);
            var bytes = await InputFile.ReadAllBytesAsync(path, cancellationToken);

            var user = parseResult.GetRequiredValue(address);
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var keys = await UserCommands.Run(() => vault.Get<EscrowService>().RestoreAsync(user, bytes, cancellationToken));
            await Console.Out.WriteLineAsync(
                $"restored {keys} key(s) of {user} under the one-time password; it opens nothing until a new password is set (lockbox user passwd, or the webmail)");
            return ExitCodes.Success;
        });
        return restore;
    }
}
