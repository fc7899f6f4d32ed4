// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Fetch;

/// <summary>
/// BODYSTRUCTURE and BODY (RFC 3501 sections 6.4.5 and 7.4.2, grammar in section 9) from the MIME
/// metadata: sizes and line counts come from the stored offsets, so no message is decrypted.
/// </summary>
internal static class BodyStructureBuilder
{
    static readonly ImapValue.Text SevenBit = new("7BIT");

    /// <summary>The structure of the message; <paramref name="extensible"/> adds the extension data (BODYSTRUCTURE).</summary>
    public static ImapValue Build(MessageMetadata metadata, bool extensible)
    {
        if (!metadata.Parsed)
        {
            // MIME the parser could not read is shown as one plain text body: every client can display that.
            var root = metadata.Root;
            return Basic("text", "plain", DefaultCharset(), ImapValue.NilValue, ImapValue.NilValue, SevenBit,
                metadata.Size - root.HeadersEnd, lines: root.Lines, extensible ? Extension(root) : []);
        }

        return Body(metadata.Root, SectionResolver.ContentEnd(metadata, metadata.Root), extensible);
    }

    static ImapValue.List Body(EntityMetadata entity, long contentEnd, bool extensible)
    {
        var type = entity.ContentType ?? new EntityContentType("text", "plain", []);
        if (entity.Kind == EntityKind.Multipart)
        {
            return Multipart(entity, type, extensible);
        }

        var headers = entity.Headers;
        // RFC 2045 section 5.2: without a Content-Type the charset is US-ASCII.
        var parameters = HeaderBlock.First(headers, "Content-Type") is null && Is(type, "text", "plain")
            ? DefaultCharset()
            : Parameters(type.Parameters);
        var encoding = HeaderBlock.First(headers, "Content-Transfer-Encoding") is { } raw && HeaderBlock.Unfold(raw) is { Length: > 0 } value
            ? new ImapValue.RawString(value)
            : (ImapValue)SevenBit;
        var size = contentEnd - entity.HeadersEnd;
        var extension = extensible ? Extension(entity) : [];
        var id = HeaderBlock.NString(headers, "Content-ID");
        var description = HeaderBlock.NString(headers, "Content-Description");

        if (SectionResolver.EmbeddedMessage(entity) is { } message && Is(type, "message", "rfc822"))
        {
            // body-type-msg: the embedded message's envelope and structure, then the line count.
            return new ImapValue.List(
            [
                new ImapValue.Text(type.MediaType), new ImapValue.Text(type.MediaSubtype), parameters, id, description, encoding,
                new ImapValue.Number((ulong)size),
                EnvelopeBuilder.Build(message.Headers),
                Body(message, message.End, extensible),
                new ImapValue.Number((ulong)entity.Lines),
                .. extension,
            ]);
        }

        int? lines = type.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase) ? entity.Lines : null;
        return Basic(type.MediaType, type.MediaSubtype, parameters, id, description, encoding, size, lines, extension);
    }

    static ImapValue.List Multipart(EntityMetadata entity, EntityContentType type, bool extensible)
    {
        var items = new List<ImapValue>();
        foreach (var child in entity.Children)
        {
            items.Add(Body(child, child.End, extensible));
        }

        if (items.Count == 0)
        {
            // body-type-mpart needs at least one body; a multipart without parts shows one empty text part (as Dovecot does).
            items.Add(Basic("text", "plain", DefaultCharset(), ImapValue.NilValue, ImapValue.NilValue, SevenBit, 0, lines: 0, []));
        }

        items.Add(new ImapValue.Text(type.MediaSubtype));
        if (extensible)
        {
            // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]].
            items.Add(Parameters(type.Parameters));
            items.AddRange(DispositionLanguageLocation(entity));
        }

        return new ImapValue.List([.. items]);
    }

    static ImapValue.List Basic(
        string mediaType, string subtype, ImapValue parameters, ImapValue id, ImapValue description, ImapValue encoding, long size, int? lines, IEnumerable<ImapValue> extension) =>
        new(
        [
            new ImapValue.Text(mediaType), new ImapValue.Text(subtype), parameters, id, description, encoding, new ImapValue.Number((ulong)size),
            .. lines is { } count ? [new ImapValue.Number((ulong)count)] : Array.Empty<ImapValue>(),
            .. extension,
        ]);

    // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]].
    static ImapValue[] Extension(EntityMetadata entity) => [HeaderBlock.NString(entity.Headers, "Content-MD5"), .. DispositionLanguageLocation(entity)];

    static ImapValue[] DispositionLanguageLocation(EntityMetadata entity)
    {
        var disposition = entity.Disposition is { } d
            ? new ImapValue.List([new ImapValue.Text(d.Disposition), Parameters(d.Parameters)])
            : ImapValue.NilValue;
        return [disposition, Language(entity.Headers), HeaderBlock.NString(entity.Headers, "Content-Location")];
    }

    // body-fld-lang = nstring / "(" string *(SP string) ")"; Content-Language is a list of tags (RFC 3282).
    static ImapValue Language(IReadOnlyList<HeaderField> headers)
    {
        if (HeaderBlock.First(headers, "Content-Language") is not { } raw)
        {
            return ImapValue.NilValue;
        }

        var value = HeaderBlock.Unfold(raw);
        var tags = new List<ImapValue>();
        foreach (var range in value.AsSpan().Split((byte)','))
        {
            var tag = value.AsSpan(range).Trim(" \t"u8);
            if (tag.Length > 0)
            {
                tags.Add(new ImapValue.RawString(tag.ToArray()));
            }
        }

        return tags.Count == 0 ? ImapValue.NilValue : new ImapValue.List([.. tags]);
    }

    static ImapValue Parameters(IReadOnlyList<MimeParameter> parameters) => parameters.Count == 0
        ? ImapValue.NilValue
        : new ImapValue.List([.. parameters.SelectMany(p => new ImapValue[] { new ImapValue.Text(p.Name), new ImapValue.Text(p.Value) })]);

    static ImapValue.List DefaultCharset() => new([new ImapValue.Text("charset"), new ImapValue.Text("us-ascii")]);

    static bool Is(EntityContentType type, string mediaType, string subtype) =>
        type.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) && type.MediaSubtype.Equals(subtype, StringComparison.OrdinalIgnoreCase);
}
