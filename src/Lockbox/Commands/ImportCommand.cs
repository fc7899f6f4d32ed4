// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Import;

namespace Lockbox.Commands;

/// <summary>
/// <c>import ADDRESS maildir|mbox PATH</c>: moves existing mail in through the delivery funnel (issue 5,
/// item 8), with a progress bar on stderr (<see cref="TerminalProgress"/>). Resumable: a re-run skips what an earlier run stored.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user who receives the mail." };
        var format = new Argument<ImportFormat>("FORMAT") { Description = "maildir (with Maildir++ subfolders) or mbox (mboxrd)." };
        var path = new Argument<string>("PATH") { Description = "The Maildir directory or the mbox file." };
        var mailbox = new Option<string>("--mailbox") { Description = "The mailbox an mbox goes to.", DefaultValueFactory = _ => "INBOX", HelpName = "NAME" };
        var import = new Command("import", "Import a Maildir or an mbox with flags and dates; a re-run adds nothing twice.")
        {
            address, format, path, data, mailbox,
        };
        import.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var importer = vault.Get<MailImporter>();
            var result = await RunAsync(() => TerminalProgress.RunAsync<ImportProgress, ImportProgress>("importing", progress => importer.ImportAsync(
                parseResult.GetRequiredValue(address), parseResult.GetRequiredValue(format), parseResult.GetRequiredValue(path),
                parseResult.GetRequiredValue(mailbox), progress, cancellationToken), p => (p.Done, p.Total)));
            await Console.Out.WriteLineAsync($"imported {result.Imported} messages, skipped {result.Skipped} imported before");
            return ExitCodes.Success;
        });
        return import;
    }

    static async Task<ImportProgress> RunAsync(Func<Task<ImportProgress>> import)
    {
        try
        {
            return await UserCommands.Run(import);
        }
        catch (MailboxOperationException e) when (e.Error == MailboxError.Unavailable)
        {
            throw new CliException($"{e.Message}; run the import again later, it resumes", e, ExitCodes.TemporaryFailure);
        }
        catch (MailboxOperationException e) when (e.Error == MailboxError.OverQuota)
        {
            throw new CliException($"{e.Message}: raise the limit (user quota) or make room, then run the import again, it resumes", e, ExitCodes.Rejected);
        }
        catch (MailboxOperationException e)
        {
            throw new CliException(e.Message, e, ExitCodes.Rejected);
        }
    }
}
