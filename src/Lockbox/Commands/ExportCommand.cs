// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Export;

namespace Lockbox.Commands;

/// <summary>
/// <c>export ADDRESS --out DIR</c>: the mailbox exactly as stored, without a password and without
/// decrypting. With <c>key export --secret</c>, the user can open all of it with gpg alone.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user whose mail to export." };
        var output = new Option<string>("--out") { Description = "The directory to write (created; must be empty).", Required = true, HelpName = "DIR" };
        var export = new Command("export", "Write every stored message as stored (NNNNNN.eml.pgp or .eml) plus index.tsv.") { address, data, output };
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var count = await UserCommands.Run(() => vault.Get<MailExporter>().ExportAsync(
                parseResult.GetRequiredValue(address), parseResult.GetRequiredValue(output), cancellationToken));
            await Console.Out.WriteLineAsync($"exported {count} messages to {parseResult.GetRequiredValue(output)}");
            return ExitCodes.Success;
        });
        return export;
    }
}
