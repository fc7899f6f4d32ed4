// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Sending;

/// <summary>
/// A message being written, as the user typed it (<see cref="IMailSession.SendAsync"/>, <see cref="IMailSession.SaveDraftAsync"/>).
/// Vault builds the RFC 5322 message from it: From is always the session's own address, with a Date and a new Message-ID.
/// </summary>
public sealed record OutgoingMessage
{
    /// <summary>The To field as typed: addresses separated by commas (RFC 5322 section 3.4).</summary>
    public string To { get; init; } = "";

    /// <summary>The Cc field as typed.</summary>
    public string Cc { get; init; } = "";

    /// <summary>The Bcc field as typed: these recipients get the message, but the transmitted header does not name them.</summary>
    public string Bcc { get; init; } = "";

    /// <summary>The Subject as typed.</summary>
    public string Subject { get; init; } = "";

    /// <summary>The text body (text/plain).</summary>
    public string Body { get; init; } = "";

    /// <summary>The Message-ID answered, with angle brackets (RFC 5322 section 3.6.4); empty for a new message.</summary>
    public string InReplyTo { get; init; } = "";

    /// <summary>The References field: message IDs with angle brackets, separated by spaces.</summary>
    public string References { get; init; } = "";

    /// <summary>New attachments, in order, after the text.</summary>
    public IReadOnlyList<OutgoingAttachment> Attachments { get; init; } = [];

    /// <summary>A message of the user's that goes along whole as message/rfc822 (RFC 2046 section 5.2.1); null for none.</summary>
    public MessageReference? Forward { get; init; }

    /// <summary>
    /// The draft this message was reopened from: what it carries besides its text (every part after the first of its
    /// multipart/mixed body) goes along as it is, and the draft is replaced when saving and removed after sending.
    /// </summary>
    public MessageReference? Draft { get; init; }
}
