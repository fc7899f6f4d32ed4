// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Commands;
using Lockbox.Commands.Offline;
using Lockbox.Hosting;

// Before anything can unlock a key: no core dump, no ptrace by the same user (docs/decisions/0032).
ProcessHardening.DisableCoreDumps();
var root = new RootCommand("Lockbox: a mail storage server that encrypts every mailbox with its owner's OpenPGP key.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(UserCommands.Create());
root.Subcommands.Add(DeliverCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(AuditCommands.Create());
root.Subcommands.Add(EscrowCommands.Create());
root.Subcommands.Add(KeyCommands.Create());
root.Subcommands.Add(MasterKeyCommands.Create());
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());

// DESIGN.md section 5: bad input gives a one-line error and a non-zero exit, never a stack trace.
// On SIGTERM/SIGINT System.CommandLine cancels the action, then gives up on it after
// ProcessTerminationTimeout and exits 143/130 (2 s by default): too short for `serve` to finish
// in-flight deliveries. The generic host's own limit (HostOptions.ShutdownTimeout) is 30 s.
var configuration = new InvocationConfiguration
{
    EnableDefaultExceptionHandler = false,
    ProcessTerminationTimeout = TimeSpan.FromSeconds(35),
};
var parseResult = root.Parse(args);
// System.CommandLine exits 1 on a usage error, which `key check` uses for "rejected": report it as bad input.
if (parseResult.Errors.Count > 0)
{
    await Console.Error.WriteLineAsync($"lockbox: {parseResult.Errors[0].Message} (see --help)");
    return ExitCodes.BadInput;
}

try
{
    return await parseResult.InvokeAsync(configuration);
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync($"lockbox: {e.Message}");
    return e.ExitCode;
}
catch (InvalidOperationException e) when (ConfigurationError.IsUnreadableValue(e))
{
    await Console.Error.WriteLineAsync($"lockbox: configuration: {e.Message}");
    return ExitCodes.BadInput;
}
catch (OperationCanceledException)
{
    return ExitCodes.Cancelled;
}
