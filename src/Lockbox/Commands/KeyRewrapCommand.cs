// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Keys;

namespace Lockbox.Commands;

/// <summary>
/// <c>key rewrap ADDRESS --password-stdin</c> (issue 5, item 7; docs/decisions/0020): gives every stored session key still
/// wrapped to an older key of the user to the active key, without rewriting message bodies, with a progress bar. The same
/// work as <c>key rotate --rewrap</c> after its rotation; run it again to continue an interrupted run.
/// </summary>
public static class KeyRewrapCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user whose stored session keys to re-wrap." };
        var passwordStdin = CommonOptions.PasswordStdin();
        var rewrap = new Command(
            "rewrap", "Re-wrap the session keys of a user's stored mail to the active key (bodies are not rewritten); run it again to continue an interrupted run.")
        {
            address, data, passwordStdin,
        };
        rewrap.SetAction(async (parseResult, cancellationToken) =>
        {
            UserCommands.RequirePasswordStdin(parseResult.GetValue(passwordStdin));
            var password = await SecretInput.ReadLineAsync("password", cancellationToken);
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            return await RunAsync(vault, parseResult.GetRequiredValue(address), password, cancellationToken);
        });
        return rewrap;
    }

    /// <summary>
    /// Runs the re-wrapping with a bar on a terminal and prints its summary line. Anything left under an older key (no key
    /// the password opens reads it, or a form re-wrapping does not read) makes the verb fail with the first reason, after
    /// the summary.
    /// </summary>
    internal static async Task<int> RunAsync(VaultContext vault, string address, string password, CancellationToken cancellationToken)
    {
        var rewrapper = vault.Get<SessionKeyRewrapper>();
        var report = await UserCommands.Run(() => TerminalProgress.RunAsync<RewrapReport, RewrapProgress>(
            "re-wrapping", progress => rewrapper.RunAsync(address, password, progress, cancellationToken), p => (p.Done, p.Total)));
        await Console.Out.WriteLineAsync(
            $"session keys of {address} re-wrapped to {report.Fingerprint}: {report.Rewrapped} messages ({report.AlreadyWrapped} were already), "
            + $"{report.Records} records, mailbox key {(report.MailboxKeyRewrapped ? "re-wrapped" : "unchanged")}; older keys kept");
        if (report.FirstFailure is { } failure)
        {
            var keys = report.KeysNotOpened > 0 ? $"; {report.KeysNotOpened} older keys did not open with this password" : "";
            throw new CliException($"not everything was re-wrapped ({report.Failed} messages stay under their older keys{keys}): {failure}", ExitCodes.Rejected);
        }

        return ExitCodes.Success;
    }
}
