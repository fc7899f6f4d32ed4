// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Import;
using Spectre.Console;

namespace Lockbox.Commands;

/// <summary>
/// <c>import ADDRESS maildir|mbox PATH</c>: moves existing mail in through the delivery funnel (issue 5,
/// item 8), with a progress bar on stderr. Resumable: a re-run skips what an earlier run stored.
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
            var result = await RunAsync(() => WithProgressAsync(progress => importer.ImportAsync(
                parseResult.GetRequiredValue(address), parseResult.GetRequiredValue(format), parseResult.GetRequiredValue(path),
                parseResult.GetRequiredValue(mailbox), progress, cancellationToken)));
            await Console.Out.WriteLineAsync($"imported {result.Imported} messages, skipped {result.Skipped} imported before");
            return ExitCodes.Success;
        });
        return import;
    }

    /// <summary>
    /// The bar goes to stderr when that is a terminal, so stdout keeps only the one result line and a
    /// script's or cron's stderr only errors.
    /// </summary>
    static async Task<ImportProgress> WithProgressAsync(Func<IProgress<ImportProgress>?, Task<ImportProgress>> import)
    {
        if (Console.IsErrorRedirected)
        {
            return await import(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask("importing", maxValue: 1);
            return await import(new Bar(task));
        });
    }

    /// <summary>Updates the bar on the importer's thread, in order (<see cref="Progress{T}"/> would post them to the pool).</summary>
    sealed class Bar(ProgressTask task) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
        }
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
        catch (MailboxOperationException e)
        {
            throw new CliException(e.Message, e, ExitCodes.Rejected);
        }
    }
}
