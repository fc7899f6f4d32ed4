// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Reading;
using MimeKit;

namespace Lockbox.Vault.Reading;

/// <summary>Turns a parsed message into the reading contract (<see cref="ReadableMessage"/>, <see cref="MessagePartContent"/>).</summary>
internal static class ReadableMessages
{
    /// <summary>Inline images larger than this are left out: a data: URL of the whole would bloat the body document.</summary>
    const int MaxInlineBytes = 4 * 1024 * 1024;

    /// <summary>Raster formats a browser decodes without running anything (SVG is not one: it can carry script).</summary>
    static readonly HashSet<string> SafeImageTypes = new(["image/png", "image/gif", "image/jpeg", "image/webp"], StringComparer.OrdinalIgnoreCase);

    public static ReadableMessage From(MimeMessage message)
    {
        var parts = MessageParsing.Parts(message);
        var html = message.HtmlBody;
        return new ReadableMessage(
            message.Subject ?? "",
            Addresses(message.From),
            Addresses(message.To),
            Addresses(message.Cc),
            Addresses(message.Bcc),
            Addresses(message.ReplyTo),
            message.Date == DateTimeOffset.MinValue ? null : message.Date,
            string.IsNullOrEmpty(message.MessageId) ? null : message.MessageId,
            string.IsNullOrEmpty(message.InReplyTo) ? null : message.InReplyTo,
            [.. message.References],
            message.TextBody,
            html,
            Attachments(parts, html),
            html is null ? [] : InlineImages(parts, html));
    }

    /// <summary>Part <paramref name="index"/> decoded, or null when there is none.</summary>
    public static MessagePartContent? Part(MimeMessage message, int index)
    {
        var parts = MessageParsing.Parts(message);
        if (index < 0 || index >= parts.Count || parts[index].Content is null)
        {
            return null;
        }

        var part = parts[index];
        return new MessagePartContent(part.ContentType.MimeType.ToLowerInvariant(), PartFileName.Of(part, index), MessageParsing.Decode(part).ToArray());
    }

    static MessageAddressList Addresses(InternetAddressList list) =>
        list.Count == 0 ? MessageAddressList.Empty : new MessageAddressList(list.ToString(), [.. list.Mailboxes.Select(m => new MessageAddress(m.Name, m.Address, m.ToString()))]);

    /// <summary>The parts listed as attachments: every part but the text and HTML bodies shown and the images they embed.</summary>
    static List<MessageAttachment> Attachments(IReadOnlyList<MimePart> parts, string? html)
    {
        var attachments = new List<MessageAttachment>();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var isBody = !part.IsAttachment && part is TextPart;
            var isEmbedded = !part.IsAttachment && part.ContentId is { } id && html is not null && html.Contains("cid:" + id, StringComparison.OrdinalIgnoreCase);
            if (!isBody && !isEmbedded)
            {
                using var decoded = MessageParsing.Decode(part);
                attachments.Add(new MessageAttachment(i, PartFileName.Of(part, i), part.ContentType.MimeType.ToLowerInvariant(), decoded.Length));
            }
        }

        return attachments;
    }

    /// <summary>
    /// The safe image parts that <paramref name="html"/> names by cid: URL (RFC 2392), the Content-ID written as it is or
    /// percent-encoded; the first part wins when two share a Content-ID.
    /// </summary>
    static List<InlineImage> InlineImages(IReadOnlyList<MimePart> parts, string html)
    {
        var images = new List<InlineImage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts)
        {
            if (part.ContentId is not { Length: > 0 } id || !SafeImageTypes.Contains(part.ContentType.MimeType) || part.Content is null || !seen.Add(id)
                || !(html.Contains("cid:" + id, StringComparison.OrdinalIgnoreCase) || html.Contains("cid:" + Uri.EscapeDataString(id), StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            using var decoded = MessageParsing.Decode(part);
            if (decoded.Length <= MaxInlineBytes)
            {
                images.Add(new InlineImage(id, part.ContentType.MimeType.ToLowerInvariant(), decoded.ToArray()));
            }
        }

        return images;
    }
}
