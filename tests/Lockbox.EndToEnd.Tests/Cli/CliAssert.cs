// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>The CLI contract (DESIGN.md section 5): success is quiet on stderr; an error is one line, never a stack trace.</summary>
internal static class CliAssert
{
    public static CliResult Succeeds(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal("", result.Stderr);
        return result;
    }

    public static string FailsWithOneLine(CliResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}, got {result.ExitCode}: {result.Stderr}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{result.Stderr}");
        Assert.StartsWith("lockbox: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
        return lines[0];
    }
}
