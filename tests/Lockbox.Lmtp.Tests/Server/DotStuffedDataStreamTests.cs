// SPDX-License-Identifier: MIT
using System.IO.Pipelines;
using System.Text;
using Lockbox.Lmtp.Server;

namespace Lockbox.Lmtp.Tests.Server;

public sealed class DotStuffedDataStreamTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Subject: hi\r\n\r\nbody\r\n.\r\n", "Subject: hi\r\n\r\nbody\r\n")]
    [InlineData("..leading dot\r\n.\r\n", ".leading dot\r\n")]
    [InlineData("a\r\n...\r\n.\r\n", "a\r\n..\r\n")]
    [InlineData("bare\nlf\n.\n", "bare\r\nlf\r\n")]
    [InlineData("mixed\r\nends\n.\r\n", "mixed\r\nends\r\n")]
    [InlineData(".\r\n", "")]
    [InlineData("bare\rcr\r\n.\r\n", "bare\rcr\r\n")]
    [InlineData("no dot .\r\n. \r\n.\r\n", "no dot .\r\n \r\n")]
    public async Task Data_is_unstuffed_and_ends_at_the_dot_line(string wire, string expected)
    {
        var (stream, _) = Feed(wire, chunk: 1);

        Assert.Equal(expected, await ReadAllAsync(stream));
        Assert.True(stream.IsComplete);
    }

    [Fact]
    public async Task Bytes_after_the_dot_line_stay_in_the_pipe()
    {
        var (stream, pipe) = Feed("x\r\n.\r\nQUIT\r\n", chunk: 4);

        Assert.Equal("x\r\n", await ReadAllAsync(stream));
        var rest = await pipe.Reader.ReadAsync(Ct);
        Assert.Equal("QUIT\r\n", Encoding.ASCII.GetString(rest.Buffer));
    }

    [Fact]
    public async Task Message_over_the_limit_throws_and_can_be_drained()
    {
        var (stream, _) = Feed(new string('a', 100) + "\r\n.\r\n", chunk: 7, maxSize: 50);

        await Assert.ThrowsAsync<MessageTooLargeException>(() => ReadAllAsync(stream));
        Assert.True(await stream.DrainAsync(Ct));
    }

    [Fact]
    public async Task Connection_closing_before_the_dot_line_is_an_end_of_stream()
    {
        var (stream, _) = Feed("half a message\r\n", chunk: 3);

        await Assert.ThrowsAsync<EndOfStreamException>(() => ReadAllAsync(stream));
    }

    [Theory]
    [InlineData(1, 2, "\r\n")]
    [InlineData(7, 3, "\r\n")]
    [InlineData(4096, 64, "\r\n")]
    [InlineData(65536, 8192, "\r\n")]
    [InlineData(13, 8192, "\n")]
    [InlineData(65536, 5, "\n")]
    public async Task Long_lines_split_across_segments_and_small_reads_come_back_whole(int chunk, int readSize, string lineEnd)
    {
        // Lines of many lengths (up to 20 000 bytes, beyond one pipe segment), some starting with a dot,
        // some with a bare CR inside: the run-copying fast path must agree with the byte states.
        var random = new Random(3);
        var content = new StringBuilder();
        var wire = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            var line = new string((char)('a' + random.Next(26)), random.Next(i % 10 == 0 ? 20_000 : 80));
            line = (i % 7) switch { 0 => "." + line, 1 => line + "\rx", 2 => "..", _ => line };
            content.Append(line).Append("\r\n");
            wire.Append(line.StartsWith('.') ? "." + line : line).Append(lineEnd);
        }

        var (stream, _) = Feed(wire.Append('.').Append(lineEnd).ToString(), chunk);

        Assert.Equal(content.ToString(), await ReadAllAsync(stream, readSize));
        Assert.True(stream.IsComplete);
    }

    static (DotStuffedDataStream Stream, Pipe Pipe) Feed(string wire, int chunk, long maxSize = 1 << 20)
    {
        var pipe = new Pipe();
        var bytes = Encoding.UTF8.GetBytes(wire);
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });
        return (new DotStuffedDataStream(pipe.Reader, maxSize), pipe);
    }

    static async Task<string> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return Encoding.UTF8.GetString(copy.ToArray());
    }

    static async Task<string> ReadAllAsync(Stream stream, int readSize)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, Ct)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(copy.ToArray());
    }
}
