// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Text;
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Tests.Protocol;

/// <summary>
/// Plays the server's side of the receiver contract over an in-memory byte stream delivered in
/// chunks: keeps unconsumed bytes, goes on after NeedLiteral, and skips streamed APPEND literals
/// the way the server will (it reads them from the pipe itself).
/// </summary>
static class ReceiverDriver
{
    public static List<ImapReceiveResult> Run(string input, int chunkSize = int.MaxValue, ImapOptions? options = null, Action<ImapReceiver>? setup = null) =>
        Run(Encoding.UTF8.GetBytes(input), chunkSize, options, setup);

    public static List<ImapReceiveResult> Run(byte[] input, int chunkSize, ImapOptions? options, Action<ImapReceiver>? setup)
    {
        var receiver = new ImapReceiver(options ?? new ImapOptions());
        setup?.Invoke(receiver);
        var results = new List<ImapReceiveResult>();
        var pending = new List<byte>();
        long toSkip = 0;
        for (var offset = 0; offset < input.Length; offset += chunkSize)
        {
            pending.AddRange(input.AsSpan(offset, Math.Min(chunkSize, input.Length - offset)));
            var skipped = (int)Math.Min(toSkip, pending.Count);
            pending.RemoveRange(0, skipped);
            toSkip -= skipped;
            if (toSkip > 0)
            {
                continue;
            }

            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(pending.ToArray()));
            while (true)
            {
                var result = receiver.Receive(ref reader);
                if (result is ImapReceiveResult.NeedMoreData)
                {
                    break;
                }

                results.Add(result);
                if (result is ImapReceiveResult.Fatal)
                {
                    return results;
                }

                if (result is ImapReceiveResult.StreamLiteral stream)
                {
                    var available = Math.Min(stream.Literal.Size, reader.Remaining);
                    reader.Advance(available);
                    toSkip = stream.Literal.Size - available;
                    if (toSkip > 0)
                    {
                        break;
                    }
                }
            }

            pending.RemoveRange(0, (int)reader.Consumed);
        }

        return results;
    }

    /// <summary>The single command in <paramref name="line"/> (CRLF added), failing the test otherwise.</summary>
    public static ImapCommand Command(string line, bool utf8Accept = false)
    {
        var results = Run(line + "\r\n", setup: r => r.Utf8Accept = utf8Accept);
        var complete = Assert.IsType<ImapReceiveResult.Complete>(Assert.Single(results));
        return complete.Request.Command;
    }

    /// <summary>The BAD reason for <paramref name="line"/>, failing the test when it parses.</summary>
    public static ImapReceiveResult.Bad Bad(string line)
    {
        var results = Run(line + "\r\n");
        return Assert.IsType<ImapReceiveResult.Bad>(Assert.Single(results));
    }
}
