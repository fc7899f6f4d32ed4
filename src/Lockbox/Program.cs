// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Commands;
using Lockbox.Commands.Offline;

var root = new RootCommand("Lockbox: a mail storage server that encrypts every mailbox with its owner's OpenPGP key.");
root.Subcommands.Add(KeyCommands.Create());
root.Subcommands.Add(MasterKeyCommands.Create());

// DESIGN.md section 5: bad input gives a one-line error and a non-zero exit, never a stack trace.
var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
try
{
    return await root.Parse(args).InvokeAsync(configuration);
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync($"lockbox: {e.Message}");
    return e.ExitCode;
}
catch (OperationCanceledException)
{
    return ExitCodes.Cancelled;
}
