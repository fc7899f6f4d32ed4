// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using MimeKit;
using MimeKit.Utils;

namespace Lockbox.Web.Mail;

/// <summary>Decodes header fields of a message's metadata for display: RFC 2047 encoded words, folding, 8-bit UTF-8.</summary>
internal static class HeaderText
{
    /// <summary>The raw value of the first field named <paramref name="name"/>, or null.</summary>
    public static byte[]? Find(EntityMetadata entity, string name) =>
        entity.Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.RawValue;

    /// <summary>Unstructured text (Subject): encoded words decoded, unfolded (RFC 5322 section 2.2.3), trimmed.</summary>
    public static string Decode(byte[]? raw) =>
        raw is null ? "" : Rfc2047.DecodeText(raw).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();

    /// <summary>The first address of an address field, as its display name or else its address; the decoded text when unparsable.</summary>
    public static string Sender(byte[]? raw)
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
    public static bool HasAttachment(EntityMetadata entity) =>
        string.Equals(entity.Disposition?.Disposition, "attachment", StringComparison.OrdinalIgnoreCase) || entity.Children.Any(HasAttachment);
}
