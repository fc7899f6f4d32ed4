// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using MimeKit;

namespace Lockbox.Web.Rendering;

/// <summary>
/// Reads a message through Vault's session into memory and parses it with MimeKit there: the plaintext is never
/// written anywhere (no temp file, no cache) and is garbage once the request ends.
/// </summary>
public static class MessageReader
{
    /// <summary>The parsed message.</summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="MessageNotFoundException">No such message.</exception>
    public static async Task<MimeMessage> LoadAsync(IMailSession mail, string mailbox, long uid, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await using (var stream = await mail.OpenMessageAsync(mailbox, uid, cancellationToken))
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        buffer.Position = 0;
        // persistent: parts point into this buffer instead of being copied again; MimeKit's parser never spools to disk.
        return await MimeMessage.LoadAsync(buffer, persistent: true, cancellationToken);
    }

    /// <summary>The message's leaf parts in a stable order: the index is the part's address in URLs.</summary>
    public static IReadOnlyList<MimePart> Parts(MimeMessage message) => [.. message.BodyParts.OfType<MimePart>()];

    /// <summary>The parts listed as attachments: every part but the text and HTML bodies shown and the images they embed.</summary>
    public static IReadOnlyList<AttachmentLink> Attachments(MimeMessage message)
    {
        var parts = Parts(message);
        var html = message.HtmlBody;
        var links = new List<AttachmentLink>();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var isBody = !part.IsAttachment && part is TextPart;
            var isEmbedded = !part.IsAttachment && part.ContentId is { } id && html is not null && html.Contains("cid:" + id, StringComparison.OrdinalIgnoreCase);
            if (!isBody && !isEmbedded)
            {
                links.Add(new AttachmentLink(i, DownloadName.Of(part, i), part.ContentType.MimeType.ToLowerInvariant()));
            }
        }

        return links;
    }

    /// <summary>A data: URL for the inline image part with this Content-ID (RFC 2392), or null when none or too large.</summary>
    public static string? InlineImage(MimeMessage message, string contentId)
    {
        const int MaxInlineBytes = 4 * 1024 * 1024;
        var part = Parts(message).FirstOrDefault(p => string.Equals(p.ContentId, contentId.Trim('<', '>'), StringComparison.OrdinalIgnoreCase));
        if (part is null || !SafeImageTypes.Contains(part.ContentType.MimeType) || part.Content is null)
        {
            return null;
        }

        using var decoded = new MemoryStream();
        part.Content.DecodeTo(decoded);
        return decoded.Length > MaxInlineBytes ? null : "data:" + part.ContentType.MimeType.ToLowerInvariant() + ";base64," + Convert.ToBase64String(decoded.GetBuffer(), 0, (int)decoded.Length);
    }

    /// <summary>Raster formats a browser decodes without running anything (SVG is not one: it can carry script).</summary>
    static readonly HashSet<string> SafeImageTypes = new(["image/png", "image/gif", "image/jpeg", "image/webp"], StringComparer.OrdinalIgnoreCase);
}
