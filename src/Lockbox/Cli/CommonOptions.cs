// SPDX-License-Identifier: MIT
using System.CommandLine;

namespace Lockbox.Cli;

/// <summary>Options every verb that touches the data directory shares (DESIGN.md section 5).</summary>
public static class CommonOptions
{
    /// <summary>A fresh <c>--data DIR</c> option (an option instance belongs to one command).</summary>
    public static Option<string> Data() => new("--data")
    {
        Description = "The data directory.",
        DefaultValueFactory = _ => "./data",
        HelpName = "DIR",
    };

    /// <summary>A fresh <c>--password-stdin</c> flag: secrets are read from standard input, one per line.</summary>
    public static Option<bool> PasswordStdin() => new("--password-stdin")
    {
        Description = "Read the password(s) from standard input, one per line.",
    };
}
