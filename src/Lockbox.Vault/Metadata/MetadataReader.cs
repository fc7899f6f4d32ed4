// SPDX-License-Identifier: MIT
using MimeKit;

using Lockbox.Vault.Contracts;
using Lockbox.Vault.Search;

namespace Lockbox.Vault.Metadata;

/// <summary>
/// Builds <see cref="MessageMetadata"/> with MimeKit's streaming <see cref="MimeReader"/>: it sees
/// headers and part boundaries with their offsets, but no content is kept, so memory does not grow
/// with attachment size.
/// </summary>
internal sealed class MetadataReader : MimeReader
{
    readonly Stack<Builder> _open = new();
    readonly SearchTextCollector? _text;
    List<HeaderField> _headers = [];
    EntityMetadata? _root;

    MetadataReader(Stream stream, SearchTextCollector? text)
        : base(ParserOptions.Default, stream, MimeFormat.Entity)
    {
        _text = text;
    }

    /// <summary>
    /// Reads <paramref name="message"/> to its end. A message MimeKit cannot parse still yields
    /// metadata: one opaque entity spanning the bytes read (mail is never refused for bad MIME).
    /// </summary>
    public static Task<MessageMetadata> ReadAsync(Stream message, CancellationToken cancellationToken) =>
        ReadAsync(message, null, cancellationToken);

    /// <summary>The same, also handing the content of each text part to <paramref name="text"/> (the search index).</summary>
    public static async Task<MessageMetadata> ReadAsync(Stream message, SearchTextCollector? text, CancellationToken cancellationToken)
    {
        var counting = new CountingStream(message);
        var reader = new MetadataReader(counting, text);
        try
        {
            await reader.ReadEntityAsync(cancellationToken);
            await counting.CopyToAsync(Stream.Null, cancellationToken);
            return new MessageMetadata(counting.BytesRead, reader._root!, Parsed: true);
        }
        catch (FormatException)
        {
            await counting.CopyToAsync(Stream.Null, cancellationToken);
            var opaque = new EntityMetadata(EntityKind.Part, [], 0, 0, counting.BytesRead, counting.Lines, [])
            {
                ContentType = new EntityContentType("text", "plain", []),
            };
            return new MessageMetadata(counting.BytesRead, opaque, Parsed: false);
        }
    }

    protected override void OnHeadersBegin(long beginOffset, int beginLineNumber, CancellationToken cancellationToken) =>
        _headers = [];

    protected override void OnHeaderRead(Header header, int beginLineNumber, CancellationToken cancellationToken) =>
        _headers.Add(MimeFields.Field(header));

    protected override void OnMimePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
    {
        _open.Push(new Builder(EntityKind.Part, _headers, beginOffset, contentType));
        _text?.BeginPart(contentType, _headers);
    }

    protected override void OnMimePartContentRead(byte[] content, int startIndex, int count, CancellationToken cancellationToken) =>
        _text?.Read(content, startIndex, count);

    protected override void OnMimePartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken)
    {
        _text?.EndPart();
        Close(headersEndOffset, endOffset, lines);
    }

    protected override void OnMultipartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) =>
        _open.Push(new Builder(EntityKind.Multipart, _headers, beginOffset, contentType));

    protected override void OnMultipartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) =>
        Close(headersEndOffset, endOffset, lines);

    protected override void OnMessagePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) =>
        _open.Push(new Builder(EntityKind.Message, _headers, beginOffset, contentType));

    protected override void OnMessagePartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) =>
        Close(headersEndOffset, endOffset, lines);

    // An embedded message's own headers become its child entity; its body follows as the grandchild.
    protected override void OnMimeMessageBegin(long beginOffset, int beginLineNumber, CancellationToken cancellationToken) =>
        _open.Push(new Builder(EntityKind.Message, [], beginOffset, null));

    protected override void OnMimeMessageEnd(long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken)
    {
        var message = _open.Pop();
        var body = message.Children.Single();
        // The embedded message is one entity: its headers are those its body part saw first.
        var entity = body with { Begin = beginOffset };
        Attach(entity);
    }

    void Close(long headersEndOffset, long endOffset, int lines)
    {
        var builder = _open.Pop();
        // MimeKit's reader reports -1 lines for a part cut off right after its headers by an outer boundary (found by
        // fuzzing, docs/decisions/0033); IMAP's body-fld-lines is a number (RFC 3501 section 9), so an empty body has 0.
        // For an empty part between two boundaries (the first ending in a bare LF) it also reports the part's start one
        // byte past its headers' end; the entity then starts where its (empty) headers end.
        Attach(new EntityMetadata(builder.Kind, builder.Headers, Math.Min(builder.Begin, headersEndOffset), headersEndOffset, endOffset, Math.Max(lines, 0), builder.Children)
        {
            ContentType = builder.ContentType is { } type ? MimeFields.ContentType(type) : null,
            Disposition = MimeFields.Disposition(builder.Headers),
        });
    }

    void Attach(EntityMetadata entity)
    {
        if (_open.Count == 0)
        {
            _root = entity;
        }
        else
        {
            _open.Peek().Children.Add(entity);
        }
    }

    sealed class Builder(EntityKind kind, List<HeaderField> headers, long begin, ContentType? contentType)
    {
        public ContentType? ContentType { get; } = contentType;

        public EntityKind Kind { get; } = kind;

        public List<HeaderField> Headers { get; } = headers;

        public long Begin { get; } = begin;

        public List<EntityMetadata> Children { get; } = [];
    }
}
