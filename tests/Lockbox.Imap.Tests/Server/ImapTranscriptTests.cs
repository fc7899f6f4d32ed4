// SPDX-License-Identifier: MIT
using Lockbox.Testing;

namespace Lockbox.Imap.Tests.Server;

/// <summary>
/// Transcripts under Transcripts/imap, played against a server with one cleartext user,
/// alice@example.org (password "secret"), and a bad-command limit of 5.
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
        using var client = await server.ConnectAsync();

        await TranscriptRunner.RunAsync(client, Path.Combine(AppContext.BaseDirectory, "Transcripts", "imap", name), TestContext.Current.CancellationToken);
    }
}
