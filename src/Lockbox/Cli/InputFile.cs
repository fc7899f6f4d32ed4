// SPDX-License-Identifier: MIT
namespace Lockbox.Cli;

/// <summary>Reads a file named on the command line; a failure becomes the one-line CLI error.</summary>
internal static class InputFile
{
    /// <exception cref="CliException">The file cannot be read; the message's first line says why.</exception>
    public static async Task<byte[]> ReadAllBytesAsync(FileInfo path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message.Split('\n', 2)[0].TrimEnd('\r')}", e);
        }
    }
}
