// SPDX-License-Identifier: MIT
using System.Text;
using MimeKit;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What every IMAP body section of a stored message should be (RFC 3501 section 6.4.5), computed by MimeKit
/// from the stored bytes on its own: part numbering walks MimeKit's tree, and each slice is MimeKit
/// writing the parsed entity back out (it round-trips unmodified messages byte for byte).
/// </summary>
internal static class MimeSlices
{
    static readonly FormatOptions Crlf = CreateOptions();

    /// <summary>
    /// Section spec (between the brackets) to expected octets, for the message <paramref name="stored"/> (trace
    /// headers included). MimeKit writes a multipart from its parts, so when it does not give back the stored
    /// message (broken MIME: a boundary never closed) the contents of multiparts are left out: MimeKit cannot
    /// say what they are.
    /// </summary>
    public static IReadOnlyList<(string Section, byte[] Expected)> Of(byte[] stored)
    {
        var message = Parse(stored);
        var exact = Write(s => message.WriteTo(Crlf, s)).AsSpan().SequenceEqual(stored);
        var header = HeaderOf(message);
        var sections = new List<(string, byte[])>
        {
            ("", stored),
            ("HEADER", header),
            ("HEADER.FIELDS (FROM SUBJECT)", Fields(header, ["FROM", "SUBJECT"], not: false)),
            ("HEADER.FIELDS.NOT (FROM SUBJECT Return-Path)", Fields(header, ["FROM", "SUBJECT", "Return-Path"], not: true)),
        };
        if (exact || message.Body is not Multipart)
        {
            sections.Add(("TEXT", TextOf(message)));
        }

        foreach (var (path, entity, header1) in Parts(message, ""))
        {
            if (exact || entity is not Multipart)
            {
                sections.Add((path, ContentOf(entity)));
            }

            // RFC 3501: the MIME header of the part; for the single part of a non-multipart message that is the message header.
            sections.Add((path + ".MIME", header1 ?? Write(s => entity.Headers.WriteTo(Crlf, s))));
            if (entity is MessagePart { Message: { } embedded })
            {
                var embeddedHeader = HeaderOf(embedded);
                sections.Add((path + ".HEADER", embeddedHeader));
                sections.Add((path + ".TEXT", TextOf(embedded)));
                sections.Add((path + ".HEADER.FIELDS (Subject)", Fields(embeddedHeader, ["Subject"], not: false)));
            }
        }

        return sections;
    }

    public static MimeMessage Parse(byte[] stored) =>
        new MimeParser(new MemoryStream(stored), MimeFormat.Entity, persistent: true).ParseMessage();

    /// <summary>Every part number of the message (RFC 3501 section 6.4.5) with its entity, and for the body of a non-multipart message its message header.</summary>
    public static IEnumerable<(string Path, MimeEntity Entity, byte[]? MessageHeader)> Parts(MimeMessage message, string prefix)
    {
        if (message.Body is Multipart multipart)
        {
            foreach (var part in Children(multipart, prefix))
            {
                yield return part;
            }

            yield break;
        }

        var path = prefix + "1";
        if (message.Body is null)
        {
            yield break;
        }

        yield return (path, message.Body, HeaderOf(message));
        if (message.Body is MessagePart { Message: { } embedded })
        {
            foreach (var part in Parts(embedded, path + "."))
            {
                yield return part;
            }
        }
    }

    /// <summary>BODY[part]: a leaf's or a multipart's content, or the whole embedded message of a message/rfc822 part.</summary>
    public static byte[] ContentOf(MimeEntity entity) => entity is MessagePart { Message: { } embedded }
        ? Write(s => embedded.WriteTo(Crlf, s))
        : Write(s => entity.WriteTo(Crlf, s, contentOnly: true));

    public static byte[] HeaderOf(MimeMessage message)
    {
        var whole = Write(s => message.WriteTo(Crlf, s));
        var text = TextOf(message);
        if (!whole.AsSpan().EndsWith(text))
        {
            throw new InvalidOperationException("MimeKit wrote a message that does not end with its body");
        }

        return whole[..^text.Length];
    }

    public static byte[] TextOf(MimeMessage message) => message.Body is null ? [] : Write(s => message.Body.WriteTo(Crlf, s, contentOnly: true));

    /// <summary>RFC 3501 HEADER.FIELDS (.NOT): the header split into fields by its lines (a field goes on while lines start with white space), filtered by name, then a blank line.</summary>
    public static byte[] Fields(byte[] header, IReadOnlyList<string> names, bool not)
    {
        var text = Encoding.Latin1.GetString(header);
        var fields = new List<string>();
        foreach (var line in text.Split("\r\n")[..^2].Select(l => l + "\r\n"))
        {
            if (fields.Count > 0 && line[0] is ' ' or '\t')
            {
                fields[^1] += line;
            }
            else
            {
                fields.Add(line);
            }
        }

        var kept = fields.Where(f =>
        {
            var colon = f.IndexOf(':', StringComparison.Ordinal);
            var listed = colon >= 0 && names.Contains(f[..colon].Trim(), StringComparer.OrdinalIgnoreCase);
            return listed != not;
        });
        return Encoding.Latin1.GetBytes(string.Concat(kept) + "\r\n");
    }

    static IEnumerable<(string, MimeEntity, byte[]?)> Children(Multipart multipart, string prefix)
    {
        for (var i = 0; i < multipart.Count; i++)
        {
            var path = prefix + (i + 1);
            yield return (path, multipart[i], null);
            var inner = multipart[i] switch
            {
                Multipart nested => Children(nested, path + "."),
                MessagePart { Message: { } embedded } => Parts(embedded, path + "."),
                _ => [],
            };
            foreach (var part in inner)
            {
                yield return part;
            }
        }
    }

    static byte[] Write(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    static FormatOptions CreateOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
