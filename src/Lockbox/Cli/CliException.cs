// SPDX-License-Identifier: MIT
namespace Lockbox.Cli;

/// <summary>A failure the user can act on. Program prints the message as one line and exits with <see cref="ExitCode"/>.</summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.BadInput)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException(string message, Exception innerException, int exitCode = ExitCodes.BadInput)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
