// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Fetch;

/// <summary>
/// Maps a section-spec (RFC 3501 section 6.4.5) onto the stored message with its MIME metadata alone:
/// part numbers, HEADER, HEADER.FIELDS (.NOT), TEXT and MIME. Nothing is decrypted here.
/// </summary>
internal static class SectionResolver
{
    /// <summary>
    /// The section's octets. A part that does not exist, or HEADER/TEXT of a part that is not a
    /// message/rfc822, is an empty string: RFC 3501 leaves it open, and Dovecot answers the same way
    /// (lib-imap-storage/imap-msgpart.c, "MIME part not found. return an empty part"), which keeps a
    /// client's FETCH of several messages from failing for one odd message.
    /// </summary>
    public static SectionContent Resolve(MessageMetadata metadata, BodySection section)
    {
        var entity = section.Part.Count == 0 ? metadata.Root : Find(metadata.Root, section.Part);
        if (entity is null)
        {
            return SectionContent.Empty;
        }

        switch (section.Text)
        {
            case SectionText.Full when section.Part.Count == 0:
                return new SectionContent.Range(0, metadata.Size);
            case SectionText.Full:
                return Between(entity.HeadersEnd, ContentEnd(metadata, entity));
            case SectionText.Mime:
                // The part's own MIME header, blank line included (RFC 3501 section 6.4.5, MIME).
                return Between(entity.Begin, entity.HeadersEnd);
        }

        // HEADER, HEADER.FIELDS and TEXT apply to a message: the top level, or a message/rfc822 part.
        var message = section.Part.Count == 0 ? entity : EmbeddedMessage(entity);
        if (message is null)
        {
            return SectionContent.Empty;
        }

        return section.Text switch
        {
            SectionText.Header => Between(message.Begin, message.HeadersEnd),
            SectionText.Text => Between(message.HeadersEnd, ContentEnd(metadata, message)),
            SectionText.HeaderFields => new SectionContent.Built(HeaderBlock.Fields(message.Headers, section.Fields, not: false)),
            _ => new SectionContent.Built(HeaderBlock.Fields(message.Headers, section.Fields, not: true)),
        };
    }

    /// <summary>Where an entity's content ends: the top level runs to the end of the stored message.</summary>
    public static long ContentEnd(MessageMetadata metadata, EntityMetadata entity) =>
        ReferenceEquals(entity, metadata.Root) ? metadata.Size : entity.End;

    /// <summary>The message inside a message/rfc822 part, or null for any other part.</summary>
    public static EntityMetadata? EmbeddedMessage(EntityMetadata entity) =>
        entity.Kind == EntityKind.Message && entity.Children.Count == 1 ? entity.Children[0] : null;

    // RFC 3501 section 6.4.5: the parts of a multipart are numbered from 1; a message that is not
    // multipart has a single part 1, its body; the parts of a message/rfc822 part are those of the
    // message inside it (so "2.1" is part 1 of the message in part 2).
    static EntityMetadata? Find(EntityMetadata root, IReadOnlyList<uint> path)
    {
        var current = root;
        var isMessage = true;
        foreach (var number in path)
        {
            if (!isMessage && EmbeddedMessage(current) is { } embedded)
            {
                current = embedded;
                isMessage = true;
            }

            if (current.Kind == EntityKind.Multipart)
            {
                if (number > current.Children.Count)
                {
                    return null;
                }

                current = current.Children[(int)number - 1];
            }
            else if (!isMessage || number != 1)
            {
                return null;
            }

            isMessage = false;
        }

        return current;
    }

    static SectionContent.Range Between(long start, long end) => new(start, Math.Max(0, end - start));
}
