// SPDX-License-Identifier: MIT
using Lockbox.Testing;

namespace Lockbox.Lmtp.Tests.Server;

public sealed class LmtpTranscriptTests
{
    public static TheoryData<string> Transcripts => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Transcripts", "lmtp"), "*.txt").Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_plays_as_written(string name)
    {
        await using var server = await LmtpTestServer.StartAsync(o =>
        {
            o.MaxMessageSize = 1 << 20;
            o.MaxRecipients = 2;
        });
        using var client = await server.ConnectAsync();

        await TranscriptRunner.RunAsync(client, Path.Combine(AppContext.BaseDirectory, "Transcripts", "lmtp", name), TestContext.Current.CancellationToken);
    }
}
