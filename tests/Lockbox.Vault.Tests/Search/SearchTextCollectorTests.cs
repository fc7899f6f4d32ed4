// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Metadata;
using Lockbox.Vault.Search;

namespace Lockbox.Vault.Tests.Search;

public sealed class SearchTextCollectorTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Body_text_beyond_the_limit_is_not_kept()
    {
        var message = "Subject: long\r\n\r\n" + new string('a', 100) + "needle\r\n";
        using var text = new SearchTextCollector(limit: 50);

        await MetadataReader.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(message)), text, Ct);

        Assert.Equal(new string('a', 50), Text(text));
    }

    [Fact]
    public async Task Text_parts_are_joined_decoded_and_folded_and_other_parts_left_out()
    {
        const string message = """
            Content-Type: multipart/mixed; boundary=x

            --x
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: base64

            w4lDT0xF
            --x
            Content-Type: image/png
            Content-Transfer-Encoding: base64

            aW1hZ2VieXRlcw==
            --x
            Content-Type: text/html

            <div>Line<br>Two</div><style>p { color: red }</style>
            --x--
            """;
        using var text = new SearchTextCollector(SearchTextCollector.DefaultLimit);

        await MetadataReader.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(message.Replace("\n", "\r\n", StringComparison.Ordinal))), text, Ct);

        Assert.Equal("école\n\nline\ntwo\n", Text(text));
    }

    /// <summary>
    /// The same message read at once and a few bytes at a time (MimeKit hands a part's content over as it arrives), so
    /// multi-byte characters, a surrogate pair (an upper-case Deseret letter, whose lower case is another pair), base64
    /// and quoted-printable quanta all fall across chunk boundaries somewhere.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task A_part_that_arrives_in_small_pieces_gives_the_same_text(int piece)
    {
        var words = string.Concat(Enumerable.Repeat("Ünïcödé \U00010400BC Straße ", 40));
        var message = Encoding.UTF8.GetBytes(
            "Content-Type: multipart/mixed; boundary=x\r\n\r\n" +
            "--x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + words + "\r\n" +
            "--x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            Convert.ToBase64String(Encoding.UTF8.GetBytes(words), Base64FormattingOptions.InsertLineBreaks) + "\r\n" +
            "--x\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
            "<p>=C3=9Cber=20Stra=C3=9Fe</p>\r\n--x--\r\n");
        using var whole = new SearchTextCollector(SearchTextCollector.DefaultLimit);
        using var pieces = new SearchTextCollector(SearchTextCollector.DefaultLimit);

        await MetadataReader.ReadAsync(new MemoryStream(message), whole, Ct);
        await MetadataReader.ReadAsync(new TricklingStream(message, piece), pieces, Ct);

        var folded = words.ToLowerInvariant();
        // The 8bit part keeps the line break before its boundary; base64 decodes without it.
        Assert.Equal(folded + "\r\n\n" + folded + "\n\nüber straße\n", Text(whole));
        Assert.Equal(Text(whole), Text(pieces));
    }

    /// <summary>
    /// A 3 MiB text attachment: its text is folded as it streams and nothing of it is buffered whole, so reading the
    /// message allocates far less than the attachment's size (buffering it whole took about twice its size: the bytes,
    /// then a string of them, then the string's lower-case copy).
    /// </summary>
    [Fact]
    public async Task A_large_text_part_is_folded_as_it_streams_without_a_copy_of_the_whole()
    {
        var line = "2026-11-30T03:00:00 00001 something thought both few those always looked\r\n";
        var body = string.Concat(Enumerable.Repeat(line, 3 * 1024 * 1024 / line.Length));
        var message = Encoding.ASCII.GetBytes("Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body);
        using var text = new SearchTextCollector(SearchTextCollector.DefaultLimit);
        var stream = new MemoryStream(message);

        // The reads complete synchronously, so the whole parse runs on this thread and its allocations are counted here.
        var before = GC.GetAllocatedBytesForCurrentThread();
        await MetadataReader.ReadAsync(stream, text, Ct);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(SearchTextCollector.DefaultLimit, Text(text).Length);
        Assert.StartsWith(line.ToLowerInvariant(), Text(text), StringComparison.Ordinal);
        Assert.True(allocated < message.Length / 2, $"{allocated:N0} bytes allocated for a {message.Length:N0}-byte message");
    }

    /// <summary>A stream that hands out at most <paramref name="piece"/> bytes per read.</summary>
    sealed class TricklingStream(byte[] content, int piece) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, piece)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, piece), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);
    }

    static string Text(SearchTextCollector collector) => Encoding.UTF8.GetString(collector.Utf8.Span);
}
