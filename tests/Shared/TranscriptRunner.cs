// SPDX-License-Identifier: MIT
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Lockbox.Testing;

/// <summary>
/// Plays a transcript file against a server (STYLE.md section 6): "C: " lines are sent as they
/// come, so consecutive C lines are pipelined; "S: " lines must be the next reply line exactly;
/// "S: <closed>" expects the server to close; "S~ " lines are a regular expression the whole next
/// reply line must match (for values such as UIDVALIDITY); lines starting with # are comments.
/// </summary>
internal static class TranscriptRunner
{
    public static async Task RunAsync(TcpClient client, string transcriptPath, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(transcriptPath, cancellationToken))
        {
            number++;
            if (line.StartsWith("C: ", StringComparison.Ordinal) || line == "C:")
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes((line.Length > 3 ? line[3..] : "") + "\r\n"), cancellationToken);
            }
            else if (line == "S: <closed>")
            {
                Assert.Null(await reader.ReadLineAsync(cancellationToken));
            }
            else if (line.StartsWith("S~ ", StringComparison.Ordinal))
            {
                var actual = await reader.ReadLineAsync(cancellationToken);
                Assert.True(
                    actual is not null && Regex.IsMatch(actual, "^" + line[3..] + "$", RegexOptions.None, TimeSpan.FromSeconds(1)),
                    $"{Path.GetFileName(transcriptPath)} line {number}: expected a match of \"{line[3..]}\", got \"{actual}\"");
            }
            else if (line.StartsWith("S: ", StringComparison.Ordinal))
            {
                var actual = await reader.ReadLineAsync(cancellationToken);
                Assert.True(line[3..] == actual, $"{Path.GetFileName(transcriptPath)} line {number}: expected \"{line[3..]}\", got \"{actual}\"");
            }
        }
    }
}
