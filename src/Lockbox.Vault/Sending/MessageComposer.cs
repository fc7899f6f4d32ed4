// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Sending;
using MimeKit;
using MimeKit.Utils;

namespace Lockbox.Vault.Sending;

/// <summary>Builds the RFC 5322 message for a message being written, in memory: the same message is sent, saved to Sent or kept as a draft.</summary>
internal static class MessageComposer
{
    /// <summary>
    /// The message from <paramref name="from"/> (the session's address: the webmail never sends as anyone else) with the
    /// recipients, subject, text body and attachments of <paramref name="input"/>, a Date and a new Message-ID.
    /// <paramref name="carried"/> are parts that go along as they are: a forwarded message (<see cref="Forwarded"/>) and the
    /// attachments of a reopened draft. Uploads are base64 (RFC 2045 section 6.8), so their bytes arrive exactly as uploaded
    /// whatever their line ends. Sending (requireRecipient) needs one recipient at least; a draft does not.
    /// </summary>
    /// <exception cref="ComposeRejectedException">An address field is not valid, or there is no recipient to send to.</exception>
    public static MimeMessage Build(string from, OutgoingMessage input, IReadOnlyList<MimeEntity> carried, DateTimeOffset now, bool requireRecipient)
    {
        var to = AddressParser.Parse("To", input.To);
        var cc = AddressParser.Parse("Cc", input.Cc);
        var bcc = AddressParser.Parse("Bcc", input.Bcc);
        if (requireRecipient && to.Count + cc.Count + bcc.Count == 0)
        {
            throw new ComposeRejectedException("Add at least one recipient in To, Cc or Bcc.");
        }

        var sender = new MailboxAddress(null, from);
        var message = new MimeMessage();
        message.From.Add(sender);
        message.To.AddRange(to);
        message.Cc.AddRange(cc);
        message.Bcc.AddRange(bcc);
        message.Subject = input.Subject;
        message.Date = now;
        message.MessageId = MimeUtils.GenerateMessageId(sender.Domain);
        if (!string.IsNullOrWhiteSpace(input.InReplyTo))
        {
            message.InReplyTo = input.InReplyTo.Trim();
        }

        foreach (var id in MimeUtils.EnumerateReferences(input.References ?? ""))
        {
            message.References.Add(id);
        }

        var text = new TextPart("plain") { Text = input.Body };
        if (input.Attachments.Count == 0 && carried.Count == 0)
        {
            message.Body = text;
            return message;
        }

        var mixed = new Multipart("mixed") { text };
        foreach (var attachment in input.Attachments)
        {
            mixed.Add(new MimePart(TypeOf(attachment.ContentType))
            {
                Content = new MimeContent(new MemoryStream(attachment.Content, writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = attachment.FileName,
            });
        }

        foreach (var entity in carried)
        {
            mixed.Add(entity);
        }

        message.Body = mixed;
        return message;
    }

    /// <summary>
    /// A forwarded message as one message/rfc822 part (RFC 2046 section 5.2.1): its attachments, headers and any signature
    /// arrive unchanged, which copying its parts one by one into the new message would not guarantee.
    /// </summary>
    public static MimeEntity Forwarded(MimeMessage original) => new MessagePart
    {
        Message = original,
        ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = ForwardedFileName(original) },
    };

    /// <summary>
    /// What a saved draft carries besides its text: every part after the first of a multipart/mixed body (uploads and a
    /// forwarded message, in the shape <see cref="Build"/> gives them).
    /// </summary>
    public static IReadOnlyList<MimeEntity> CarriedParts(MimeMessage draft) =>
        draft.Body is Multipart mixed && mixed.ContentType.IsMimeType("multipart", "mixed") ? [.. mixed.Skip(1)] : [];

    /// <summary>The name a carried part is listed under.</summary>
    public static string NameOf(MimeEntity part) => part.ContentDisposition?.FileName ?? part.ContentType.Name ?? part.ContentType.MimeType;

    /// <summary>The uploaded media type when it parses, application/octet-stream otherwise (the browser's guess is only a hint).</summary>
    static ContentType TypeOf(string contentType) =>
        ContentType.TryParse(contentType, out var type) ? type : new ContentType("application", "octet-stream");

    static string ForwardedFileName(MimeMessage forwarded)
    {
        var subject = string.Concat((forwarded.Subject ?? "").Where(c => !char.IsControl(c) && c is not ('/' or '\\'))).Trim();
        return (subject.Length == 0 ? "message" : subject[..Math.Min(subject.Length, 60)]) + ".eml";
    }
}
