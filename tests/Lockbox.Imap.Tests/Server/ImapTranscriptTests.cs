// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using Lockbox.Testing;

namespace Lockbox.Imap.Tests.Server;

/// <summary>
/// Transcripts under Transcripts/imap, played against a server with one cleartext user,
/// alice@example.org (password "secret"), and a bad-command limit of 5. A first line
/// "# deliver: N" delivers N small messages to her INBOX first (UIDs 1 to N).
/// </summary>
public sealed class ImapTranscriptTests
{
    public static TheoryData<string> Transcripts => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Transcripts", "imap"), "*.txt").Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_plays_as_written(string name)
    {
        await using var server = await ImapTestServer.StartAsync(o => o.MaxBadCommands = 5);
        await server.CreateUserAsync("alice@example.org", "secret", encrypt: false);
        var path = Path.Combine(AppContext.BaseDirectory, "Transcripts", "imap", name);
        var first = File.ReadLines(path).First();
        var deliveries = first.StartsWith("# deliver: ", StringComparison.Ordinal) ? int.Parse(first[11..], CultureInfo.InvariantCulture) : 0;
        for (var i = 1; i <= deliveries; i++)
        {
            await server.DeliverAsync("alice@example.org", Encoding.ASCII.GetBytes($"Subject: message {i}\r\nFrom: bob@example.net\r\n\r\nbody {i}\r\n"));
        }

        using var client = await server.ConnectAsync();

        await TranscriptRunner.RunAsync(client, path, TestContext.Current.CancellationToken);
    }
}
