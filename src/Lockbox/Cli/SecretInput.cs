// SPDX-License-Identifier: MIT
namespace Lockbox.Cli;

/// <summary>
/// Reads secrets from standard input, one per line (DESIGN.md section 5: never from arguments,
/// where they would show in <c>ps</c> and shell history).
/// </summary>
public static class SecretInput
{
    /// <summary>Reads the next line; a missing line is a <see cref="CliException"/> naming <paramref name="what"/>.</summary>
    public static async Task<string> ReadLineAsync(string what, CancellationToken cancellationToken)
    {
        var line = await Console.In.ReadLineAsync(cancellationToken);
        if (string.IsNullOrEmpty(line))
        {
            throw new CliException($"expected the {what} on standard input, one per line");
        }

        return line;
    }
}
