// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Escrow;

namespace Lockbox.Commands;

/// <summary><c>escrow install-master FILE</c>: the provider's escrow master public key (issue 5, item 6).</summary>
public static class EscrowCommands
{
    public static Command Create()
    {
        var escrow = new Command("escrow", "Key escrow to the provider's offline master key.");
        escrow.Subcommands.Add(CreateInstallMaster());
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
            byte[] key;
            try
            {
                key = await File.ReadAllBytesAsync(path.FullName, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {path.FullName}: {e.Message}", e);
            }

            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var fingerprint = await UserCommands.Run(() => vault.Get<EscrowMaster>().InstallAsync(key, cancellationToken));
            await Console.Out.WriteLineAsync($"installed escrow master public key {fingerprint}");
            return ExitCodes.Success;
        });
        return install;
    }
}
