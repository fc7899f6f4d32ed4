// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Metadata;

namespace Lockbox.Vault.Tests.Metadata;

public sealed class MetadataReaderTests
{
    const string Nested =
        "From: Alice <alice@example.org>\r\n" +
        "Subject: nested\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n" +
        "\r\n" +
        "preamble\r\n" +
        "--outer\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "\r\n" +
        "hello\r\nworld\r\n" +
        "--outer\r\n" +
        "Content-Type: message/rfc822\r\n" +
        "\r\n" +
        "Subject: inner\r\n" +
        "From: bob@example.org\r\n" +
        "\r\n" +
        "inner body\r\n" +
        "--outer--\r\n";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Nested_message_yields_the_mime_tree_with_headers_and_offsets()
    {
        var bytes = Encoding.ASCII.GetBytes(Nested);

        var metadata = await MetadataReader.ReadAsync(new MemoryStream(bytes), Ct);

        Assert.True(metadata.Parsed);
        Assert.Equal(bytes.Length, metadata.Size);
        var root = metadata.Root;
        Assert.Equal(EntityKind.Multipart, root.Kind);
        Assert.Equal(["From", "Subject", "MIME-Version", "Content-Type"], root.Headers.Select(h => h.Name));
        Assert.Equal(bytes.Length, root.End);
        Assert.Equal(2, root.Children.Count);

        var text = root.Children[0];
        Assert.Equal(EntityKind.Part, text.Kind);
        Assert.Equal("hello\r\nworld", Slice(bytes, text.HeadersEnd, text.End).TrimEnd('\r', '\n'));

        var message = root.Children[1];
        Assert.Equal(EntityKind.Message, message.Kind);
        var inner = Assert.Single(message.Children);
        Assert.Contains(inner.Headers, h => h.Name == "Subject" && Encoding.ASCII.GetString(h.RawValue).Trim() == "inner");
    }

    [Fact]
    public async Task Trace_headers_shift_every_offset()
    {
        var bytes = Encoding.ASCII.GetBytes(Nested);
        var metadata = await MetadataReader.ReadAsync(new MemoryStream(bytes), Ct);
        var trace = new HeaderField("Delivered-To", Encoding.ASCII.GetBytes(" bob@example.org\r\n"));

        var shifted = metadata.WithTraceHeaders([trace], 30);

        Assert.Equal(metadata.Size + 30, shifted.Size);
        Assert.Equal("Delivered-To", shifted.Root.Headers[0].Name);
        Assert.Equal(metadata.Root.Children[0].HeadersEnd + 30, shifted.Root.Children[0].HeadersEnd);
        Assert.Equal(0, shifted.Root.Begin);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no headers at all, just text without a colon\r\n")]
    [InlineData("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nbroken")]
    public async Task Broken_or_odd_input_still_yields_metadata_covering_every_byte(string input)
    {
        var bytes = Encoding.ASCII.GetBytes(input);

        var metadata = await MetadataReader.ReadAsync(new MemoryStream(bytes), Ct);

        Assert.Equal(bytes.Length, metadata.Size);
    }

    static string Slice(byte[] bytes, long from, long to) => Encoding.ASCII.GetString(bytes, (int)from, (int)(to - from));
}
