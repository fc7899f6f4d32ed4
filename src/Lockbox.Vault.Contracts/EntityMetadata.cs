// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>One MIME entity: a leaf part, a multipart, or an embedded message/rfc822.</summary>
/// <param name="Kind">Which of the three.</param>
/// <param name="Headers">The entity's header fields, in order, raw.</param>
/// <param name="Begin">Offset of the entity's first header line.</param>
/// <param name="HeadersEnd">Offset just after the header block, its blank line included: where the content starts.</param>
/// <param name="End">
/// Offset just after the entity's content. Inside a multipart the line end before the next boundary belongs
/// to the boundary (RFC 2046 section 5.1.1), so it is not counted.
/// </param>
/// <param name="Lines">Line count of the content, a last line without line end included (RFC 3501 body-fld-lines).</param>
/// <param name="Children">Sub-parts of a multipart, or the one embedded message of a message/rfc822.</param>
public sealed record EntityMetadata(
    EntityKind Kind, IReadOnlyList<HeaderField> Headers, long Begin, long HeadersEnd, long End, int Lines, IReadOnlyList<EntityMetadata> Children)
{
    /// <summary>
    /// The content type the parser applied (RFC 2045 defaults included). Vault fills it in when it opens
    /// a record stored before this property existed, so readers of <see cref="IMailSession"/> always see it.
    /// </summary>
    public EntityContentType? ContentType { get; init; }

    /// <summary>The parsed Content-Disposition (RFC 2183), or null when the header is absent or unparsable.</summary>
    public EntityDisposition? Disposition { get; init; }

    /// <summary>This entity with every offset moved by <paramref name="delta"/> bytes.</summary>
    public EntityMetadata Shift(long delta) => this with
    {
        Begin = Begin + delta,
        HeadersEnd = HeadersEnd + delta,
        End = End + delta,
        Children = [.. Children.Select(c => c.Shift(delta))],
    };
}
