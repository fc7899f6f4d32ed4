// SPDX-License-Identifier: MIT
using System.Text;

using MimeKit;

using Lockbox.Vault.Contracts;
using Lockbox.Vault.Metadata;
using Lockbox.Vault.Search;

namespace Lockbox.Fuzz.Tests.Targets;

/// <summary>
/// What the delivery funnel runs on every incoming message: <see cref="MetadataReader"/> with a
/// <see cref="SearchTextCollector"/> (headers, body structure, offsets, search text). Oracle: it never throws (mail is
/// never refused for bad MIME); the size is the input's length; every entity's offsets are ordered and lie inside its
/// parent's; the tree is no deeper than MimeKit's nesting limit; the search text stays within its cap.
/// </summary>
public sealed class MetadataTarget : FuzzTarget
{
    const int TextLimit = 2048;

    /// <inheritdoc />
    public override string Name => "metadata";

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "\r\n", "\r\n\r\n", "Content-Type: multipart/mixed; boundary=\"b\"\r\n", "\r\n--b\r\n", "\r\n--b--\r\n", "Content-Type: message/rfc822\r\n",
            "Content-Type: text/plain; charset=utf-8\r\n", "Content-Type: text/html; charset=iso-2022-jp\r\n", "Content-Transfer-Encoding: base64\r\n",
            "Content-Transfer-Encoding: quoted-printable\r\n", "Content-Transfer-Encoding: x-uuencode\r\n", "begin 644 a\r\n", "=?utf-8?B?", "=?iso-8859-1?Q?",
            "?=", "Content-Disposition: attachment; filename*0*=utf-8''a%E4; filename*1=b\r\n", "Subject: ", "From: ", "To: a@b, \"q\" <c@d>, g: x@y;",
            "Date: Sun, 29 Nov 2026 14:00:00 +0100\r\n", "Message-ID: <", "=\r\n", "=C3=", "boundary=", " charset=", "\x00", "\xff", "From ",
        }.Select(Encoding.Latin1.GetBytes),
    ];

    /// <inheritdoc />
    public override string Execute(byte[] input)
    {
        using var text = new SearchTextCollector(TextLimit);
        var metadata = MetadataReader.ReadAsync(new MemoryStream(input, writable: false), text, CancellationToken.None).GetAwaiter().GetResult();
        if (metadata.Size != input.Length)
        {
            throw new FuzzOracleException($"size {metadata.Size} for {input.Length} bytes");
        }

        var characters = Encoding.UTF8.GetCharCount(text.Utf8.Span);
        if (characters > TextLimit)
        {
            throw new FuzzOracleException($"{characters} characters of search text past the {TextLimit} cap");
        }

        var depth = Check(metadata.Root, 0, metadata.Size, 1);
        return $"{metadata.Parsed} {metadata.Root.Kind} {metadata.Root.ContentType?.MediaType}/{metadata.Root.ContentType?.MediaSubtype} depth {Math.Min(depth, 8)}";
    }

    static int Check(EntityMetadata entity, long begin, long end, int depth)
    {
        if (depth > ParserOptions.Default.MaxMimeDepth + 2)
        {
            throw new FuzzOracleException($"entity tree deeper than {depth}");
        }

        if (entity.Begin < begin || entity.Begin > entity.HeadersEnd || entity.HeadersEnd > entity.End || entity.End > end || entity.Lines < 0)
        {
            throw new FuzzOracleException($"entity begin {entity.Begin}, headers end {entity.HeadersEnd}, end {entity.End}, {entity.Lines} lines, parent body {begin}..{end}");
        }

        var deepest = depth;
        foreach (var child in entity.Children)
        {
            deepest = Math.Max(deepest, Check(child, entity.HeadersEnd, entity.End, depth + 1));
        }

        return deepest;
    }
}
