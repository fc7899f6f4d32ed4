// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>One MIME entity: a leaf part, a multipart, or an embedded message/rfc822.</summary>
/// <param name="Kind">Which of the three.</param>
/// <param name="Headers">The entity's header fields, in order, raw.</param>
/// <param name="Begin">Offset of the entity's first header line.</param>
/// <param name="HeadersEnd">Offset just after the header block.</param>
/// <param name="End">Offset just after the entity's content.</param>
/// <param name="Lines">Line count of the content, as MimeKit reports it (RFC 3501 body-fld-lines).</param>
/// <param name="Children">Sub-parts of a multipart, or the one embedded message of a message/rfc822.</param>
public sealed record EntityMetadata(
    EntityKind Kind, IReadOnlyList<HeaderField> Headers, long Begin, long HeadersEnd, long End, int Lines, IReadOnlyList<EntityMetadata> Children)
{
    /// <summary>This entity with every offset moved by <paramref name="delta"/> bytes.</summary>
    public EntityMetadata Shift(long delta) => this with
    {
        Begin = Begin + delta,
        HeadersEnd = HeadersEnd + delta,
        End = End + delta,
        Children = [.. Children.Select(c => c.Shift(delta))],
    };
}
