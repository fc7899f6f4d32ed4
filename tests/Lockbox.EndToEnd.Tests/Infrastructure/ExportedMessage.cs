// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>One row of an export's index.tsv: the file (full path), its mailbox and UID, and whether it is OpenPGP.</summary>
internal sealed record ExportedMessage(string Path, string Mailbox, long Uid, bool Encrypted)
{
    /// <summary>The rows of DIR/index.tsv, in file order (the exporter writes each mailbox in UID order).</summary>
    public static IReadOnlyList<ExportedMessage> ReadIndex(string directory)
    {
        var lines = File.ReadAllLines(System.IO.Path.Combine(directory, "index.tsv"));
        if (lines.Length == 0 || !lines[0].StartsWith("file\tmailbox\tuid\t", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("index.tsv has an unexpected header: " + lines.FirstOrDefault());
        }

        return [.. lines.Skip(1).Select(line => line.Split('\t')).Select(f => new ExportedMessage(
            System.IO.Path.Combine(directory, f[0]), f[1], long.Parse(f[2], CultureInfo.InvariantCulture), f[6] == "yes"))];
    }
}
