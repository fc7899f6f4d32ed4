// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Compose;

/// <summary>
/// The compose form's fields, as typed (addresses unparsed). Bound from the POST and filled from a draft or from the
/// message being answered; kept in memory for one request only.
/// </summary>
public sealed class ComposeInput
{
    public string To { get; set => field = value ?? ""; } = "";

    public string Cc { get; set => field = value ?? ""; } = "";

    public string Bcc { get; set => field = value ?? ""; } = "";

    public string Subject { get; set => field = value ?? ""; } = "";

    public string Body { get; set => field = value ?? ""; } = "";

    /// <summary>The Message-ID answered (RFC 5322 section 3.6.4), with angle brackets; empty for a new message.</summary>
    public string InReplyTo { get; set => field = value ?? ""; } = "";

    /// <summary>The References of the answered message followed by its Message-ID, space separated.</summary>
    public string References { get; set => field = value ?? ""; } = "";

    /// <summary>The draft this form was opened from (its UID in Drafts): replaced when saved again, removed when sent.</summary>
    public long? DraftUid { get; set; }

    /// <summary>The mailbox of the message being forwarded, which goes along as message/rfc822.</summary>
    public string ForwardBox { get; set => field = value ?? ""; } = "";

    /// <summary>The UID of the message being forwarded.</summary>
    public long? ForwardUid { get; set; }
}
