// SPDX-License-Identifier: MIT
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Lockbox.Imap.Handlers;
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Xunit;

namespace Lockbox.Imap.Tests.Server;

/// <summary>
/// A long FETCH answer leaves in pieces while it is still being made (docs/decisions/0014, evening amendment): the client
/// parses the first responses before the server has made the last, instead of waiting for all of them.
/// </summary>
public sealed class FetchAnswerStreamingTests
{
    const int Count = 1000;

    // Each response carries about 1 KiB, so the ones made before this index are more than the sender's 256 KiB flush size.
    const int HeldAt = 600;

    [Fact]
    public async Task The_first_responses_are_readable_while_a_later_one_is_still_being_made()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // No backpressure: the sender never waits for the reader, so only its own flushes decide what is readable.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0));
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var padding = new ImapValue.Text(new string('x', 1000));
        FetchResponse Make(int index)
        {
            if (index == HeldAt)
            {
                held.Set();
                release.Wait(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return new FetchResponse((uint)index + 1, [new FetchResponseItem.Value("X-PAD", padding)]);
        }

        var answer = new FetchAnswer([.. Enumerable.Range(0, Count)], Make, new ImapStatusResponse("a1", ImapStatus.Ok, null, "FETCH completed"));
        var sending = Task.Run(() => new ResponseSender(pipe.Writer).SendAsync(answer, cancellationToken), cancellationToken);

        Assert.True(held.Wait(TimeSpan.FromSeconds(30), cancellationToken), "the sender never reached the held response");
        var early = await pipe.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var earlyLength = early.Buffer.Length;
        var earlyText = Encoding.ASCII.GetString(early.Buffer.Slice(0, 64).ToArray());
        pipe.Reader.AdvanceTo(early.Buffer.Start, early.Buffer.End);
        Assert.False(sending.IsCompleted);
        Assert.StartsWith("* 1 FETCH (X-PAD ", earlyText, StringComparison.Ordinal);
        Assert.True(earlyLength >= 256 * 1024, $"only {earlyLength} bytes were readable before response {HeldAt + 1} was made");

        release.Set();
        await sending.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await pipe.Writer.CompleteAsync();
        var whole = await ReadToEndAsync(pipe.Reader, cancellationToken);
        Assert.Equal(Count, CountOccurrences(whole, " FETCH (X-PAD "));
        Assert.EndsWith($"* {Count} FETCH (X-PAD \"{padding.Value}\")\r\na1 OK FETCH completed\r\n", whole, StringComparison.Ordinal);
    }

    static async Task<string> ReadToEndAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                return Encoding.ASCII.GetString(result.Buffer.ToArray());
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
