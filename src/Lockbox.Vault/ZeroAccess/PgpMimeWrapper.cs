// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Metadata;

namespace Lockbox.Vault.ZeroAccess;

/// <summary>
/// How a zero-access message is served (docs/decisions/0018): an RFC 3156 PGP/MIME message built on the fly around
/// the stored OpenPGP message, whose plaintext is the whole delivered message (RFC 9788, "protected headers": the
/// inner message carries the real header fields, the outer Subject is the placeholder "..."). The stored blob
/// stays the same binary OpenPGP message as for any encrypted user; only its armor is produced here, streaming,
/// and its length is computed, so size and literal lengths are known without reading the blob.
/// </summary>
internal static class PgpMimeWrapper
{
    // A base64 line, the armor lines and "Version: 1" cannot start with "--" followed by this (RFC 2046 section 5.1.1).
    const string Boundary = "lockbox-openpgp-mime";

    // Stands in for the armor when the wrapper's structure is parsed: one line, three bytes.
    static readonly byte[] Placeholder = "A\r\n"u8.ToArray();

    static readonly byte[] Suffix = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");

    static readonly byte[] Body = Encoding.ASCII.GetBytes(
        "MIME-Version: 1.0\r\n" +
        $"Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n\tboundary=\"{Boundary}\"\r\n" +
        "\r\n" +
        "This is an OpenPGP/MIME encrypted message (RFC 3156).\r\n" +
        $"--{Boundary}\r\n" +
        "Content-Type: application/pgp-encrypted\r\n" +
        "Content-Description: PGP/MIME version identification\r\n" +
        "\r\n" +
        "Version: 1\r\n" +
        "\r\n" +
        $"--{Boundary}\r\n" +
        "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n" +
        "Content-Description: OpenPGP encrypted message\r\n" +
        "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n" +
        "\r\n");

    /// <summary>
    /// Everything before the armor: the outer header fields (<paramref name="outer"/>, a Date from
    /// <paramref name="internalDate"/> when there is none), the placeholder Subject, the multipart header, the
    /// version part and the header of the encrypted part.
    /// </summary>
    public static byte[] Prefix(IReadOnlyList<HeaderField> outer, DateTime internalDate)
    {
        var head = new MemoryStream();
        if (!outer.Any(f => f.Name.Equals("Date", StringComparison.OrdinalIgnoreCase)))
        {
            // RFC 5322 section 3.6.1: Date is required; the arrival time is the best this server knows.
            head.Write(Encoding.ASCII.GetBytes("Date: " + DateTime.SpecifyKind(internalDate, DateTimeKind.Utc)
                .ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture) + "\r\n"));
        }

        foreach (var field in outer)
        {
            head.Write(Encoding.UTF8.GetBytes(field.Name + ":"));
            head.Write(Crlf(field.RawValue));
        }

        head.Write("Subject: ...\r\n"u8);
        head.Write(Body);
        return head.ToArray();
    }

    /// <summary>The served size in bytes (RFC 3501 RFC822.SIZE) for <paramref name="prefix"/> and a stored blob of <paramref name="storedSize"/> bytes.</summary>
    public static long Size(byte[] prefix, long storedSize) => prefix.Length + ArmoredMessageStream.ArmoredLength(storedSize) + Suffix.Length;

    /// <summary>The served message, streaming: prefix, the armor of <paramref name="blob"/> (owned from now on), suffix.</summary>
    public static Stream Open(byte[] prefix, Stream blob) => new ConcatenatedReadStream([new MemoryStream(prefix, writable: false), new ArmoredMessageStream(blob), new MemoryStream(Suffix, writable: false)]);

    /// <summary>
    /// The metadata of the served form: MimeKit parses the wrapper with a one-line stand-in for the armor, and the
    /// armor's computed length and line count replace the stand-in's. Exact, and no blob byte is read.
    /// </summary>
    public static async Task<MessageMetadata> MetadataAsync(byte[] prefix, long storedSize, CancellationToken cancellationToken)
    {
        var sample = new MemoryStream(prefix.Length + Placeholder.Length + Suffix.Length);
        sample.Write(prefix);
        sample.Write(Placeholder);
        sample.Write(Suffix);
        sample.Position = 0;
        var parsed = await MetadataReader.ReadAsync(sample, cancellationToken);
        var grow = ArmoredMessageStream.ArmoredLength(storedSize) - Placeholder.Length;
        var addedLines = (int)ArmoredMessageStream.LineCount(storedSize) - 1;
        var root = parsed.Root;
        if (!parsed.Parsed || root.Kind != EntityKind.Multipart || root.Children.Count != 2)
        {
            throw new InvalidOperationException("the PGP/MIME wrapper did not parse as a two-part multipart");
        }

        var encrypted = root.Children[1];
        return parsed with
        {
            Size = parsed.Size + grow,
            Root = root with
            {
                End = root.End + grow,
                Lines = root.Lines + addedLines,
                Children = [root.Children[0], encrypted with { End = encrypted.End + grow, Lines = encrypted.Lines + addedLines }],
            },
        };
    }

    /// <summary>A raw header value with every line end as CRLF (IMAP serves CRLF, RFC 3501 section 2.1), ending in one.</summary>
    static byte[] Crlf(byte[] raw)
    {
        var text = new List<byte>(raw.Length + 4);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'))
            {
                text.Add((byte)'\r');
            }

            text.Add(raw[i]);
        }

        if (text.Count < 2 || text[^2] != '\r' || text[^1] != '\n')
        {
            text.AddRange("\r\n"u8.ToArray());
        }

        return [.. text];
    }
}
