// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Reading;
using MimeKit;
using MimeKit.Utils;

namespace Lockbox.Vault.Reading;

/// <summary>Decodes header fields of a message's stored metadata for a message list: RFC 2047 encoded words, folding, 8-bit UTF-8.</summary>
internal static class MessageSummaries
{
    public static MessageSummary Of(MessageMetadata metadata) => new(
        metadata.Size,
        Decode(Find(metadata.Root, "Subject")),
        Sender(Find(metadata.Root, "From")),
        Decode(Find(metadata.Root, "From")),
        Decode(Find(metadata.Root, "To")),
        Decode(Find(metadata.Root, "Cc")),
        HasAttachment(metadata.Root));

    /// <summary>The raw value of the first field named <paramref name="name"/>, or null.</summary>
    static byte[]? Find(EntityMetadata entity, string name) =>
        entity.Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.RawValue;

    /// <summary>Unstructured text: encoded words decoded, unfolded (RFC 5322 section 2.2.3), trimmed.</summary>
    static string Decode(byte[]? raw) =>
        raw is null ? "" : Rfc2047.DecodeText(raw).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();

    /// <summary>The first address of an address field, as its display name or else its address; the decoded text when unparsable.</summary>
    static string Sender(byte[]? raw)
    {
        if (raw is null)
        {
            return "";
        }

        if (InternetAddressList.TryParse(raw, out var list) && list.Mailboxes.FirstOrDefault() is { } mailbox)
        {
            return string.IsNullOrWhiteSpace(mailbox.Name) ? mailbox.Address : mailbox.Name;
        }

        return Decode(raw);
    }

    /// <summary>Whether an entity of the tree is an attachment (RFC 2183 disposition type).</summary>
    static bool HasAttachment(EntityMetadata entity) =>
        string.Equals(entity.Disposition?.Disposition, "attachment", StringComparison.OrdinalIgnoreCase) || entity.Children.Any(HasAttachment);
}
