// SPDX-License-Identifier: MIT
using System.Text;
using MimeKit;

using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Metadata;

/// <summary>
/// MimeKit's parse of the MIME fields IMAP's BODYSTRUCTURE needs, in contract form. Front ends cannot
/// use MimeKit themselves (it would let them compile against BouncyCastle), so Vault parses here.
/// </summary>
internal static class MimeFields
{
    public static EntityContentType ContentType(ContentType type) =>
        new(type.MediaType, type.MediaSubtype, Parameters(type.Parameters));

    /// <summary>The first parsable Content-Disposition, as MimeKit reads it (RFC 2183); null when there is none.</summary>
    public static EntityDisposition? Disposition(IEnumerable<HeaderField> headers)
    {
        foreach (var header in headers)
        {
            if (header.Name.Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase)
                && MimeKit.ContentDisposition.TryParse(ParserOptions.Default, header.RawValue, out var disposition))
            {
                return new EntityDisposition(disposition.Disposition, Parameters(disposition.Parameters));
            }
        }

        return null;
    }

    /// <summary>
    /// The content type of a record stored before the parsed type was kept: the first parsable
    /// Content-Type, else the RFC 2045 section 5.2 default (message/rfc822 for an entity parsed as a message).
    /// </summary>
    public static EntityContentType ContentType(EntityMetadata entity)
    {
        foreach (var header in entity.Headers)
        {
            if (header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                && MimeKit.ContentType.TryParse(ParserOptions.Default, header.RawValue, out var type))
            {
                return ContentType(type);
            }
        }

        return entity.Kind == EntityKind.Message ? new("message", "rfc822", []) : new("text", "plain", []);
    }

    /// <summary>
    /// A record stored before the parsed MIME fields were kept, completed from its raw headers, so that
    /// front ends always see <see cref="EntityMetadata.ContentType"/>.
    /// </summary>
    public static EntityMetadata Complete(EntityMetadata entity) => entity.ContentType is not null
        ? entity
        : entity with
        {
            ContentType = ContentType(entity),
            Disposition = Disposition(entity.Headers),
            Children = [.. entity.Children.Select(Complete)],
        };

    /// <summary>The field as <see cref="HeaderField"/>, keeping what MimeKit's name and value alone would lose.</summary>
    public static HeaderField Field(Header header)
    {
        var rawName = header.RawField;
        // MimeKit keeps a line without a colon whole in the raw name, with nothing after it.
        var noColon = header.RawValue.Length == 0 && rawName.Length > 0 && rawName[^1] == (byte)'\n';
        var exact = !noColon && rawName.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(header.Field));
        return new HeaderField(header.Field, header.RawValue) { RawName = exact ? null : rawName, NoColon = noColon };
    }

    static MimeParameter[] Parameters(ParameterList parameters) => [.. parameters.Select(p => new MimeParameter(p.Name, p.Value))];
}
