// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Reading;

/// <summary>
/// A message as a reader sees it, decoded by Vault (<see cref="IMailSession.ReadMessageAsync"/>): header fields with
/// RFC 2047 encoded words decoded, the text and HTML bodies as text, the attachment list, and the inline images the HTML
/// refers to by cid: (RFC 2392). Nothing here is sanitised: <see cref="HtmlBody"/> is the sender's HTML, hostile until a
/// front end cleans it. Serialisable; held in memory only.
/// </summary>
/// <param name="Subject">The decoded Subject; empty when there is none.</param>
/// <param name="From">From (RFC 5322 section 3.6.2).</param>
/// <param name="To">To (section 3.6.3).</param>
/// <param name="Cc">Cc.</param>
/// <param name="Bcc">Bcc (present in drafts and Sent copies).</param>
/// <param name="ReplyTo">Reply-To.</param>
/// <param name="Date">The Date field; null when absent or unparsable.</param>
/// <param name="MessageId">The Message-ID without angle brackets; null when absent.</param>
/// <param name="InReplyTo">The first In-Reply-To message ID without angle brackets; null when absent.</param>
/// <param name="References">The References message IDs, in order, without angle brackets.</param>
/// <param name="TextBody">The text/plain body (decoded to text); null when the message has none.</param>
/// <param name="HtmlBody">The text/html body (decoded to text, not sanitised); null when the message has none.</param>
/// <param name="Attachments">Every leaf part but the bodies shown and the images the HTML embeds.</param>
/// <param name="InlineImages">The PNG, GIF, JPEG and WebP parts (never SVG) the HTML refers to by cid:, up to 4 MiB each.</param>
public sealed record ReadableMessage(
    string Subject,
    MessageAddressList From,
    MessageAddressList To,
    MessageAddressList Cc,
    MessageAddressList Bcc,
    MessageAddressList ReplyTo,
    DateTimeOffset? Date,
    string? MessageId,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string? TextBody,
    string? HtmlBody,
    IReadOnlyList<MessageAttachment> Attachments,
    IReadOnlyList<InlineImage> InlineImages);
