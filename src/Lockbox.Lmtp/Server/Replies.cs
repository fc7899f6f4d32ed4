// SPDX-License-Identifier: MIT
using Lockbox.Lmtp.Protocol;

namespace Lockbox.Lmtp.Server;

/// <summary>The fixed replies, in one place (codes from RFC 5321 section 4.2.2, enhanced codes from RFC 3463).</summary>
internal static class Replies
{
    public static readonly LmtpReply Ok = new(250, "2.0.0", "OK");
    public static readonly LmtpReply SenderOk = new(250, "2.1.0", "Sender OK");
    public static readonly LmtpReply RecipientOk = new(250, "2.1.5", "Recipient OK");
    public static readonly LmtpReply StartData = new(354, null, "Start mail input; end with <CRLF>.<CRLF>");
    public static readonly LmtpReply Bye = new(221, "2.0.0", "Bye");
    public static readonly LmtpReply CannotVerify = new(252, "2.5.0", "Cannot VRFY user; try RCPT");
    public static readonly LmtpReply Help = new(214, "2.0.0", "Commands: LHLO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP STARTTLS");
    public static readonly LmtpReply LineTooLong = new(500, "5.5.2", "Line too long");
    public static readonly LmtpReply LhloFirst = new(503, "5.5.1", "Send LHLO first");
    public static readonly LmtpReply NestedMail = new(503, "5.5.1", "MAIL already given");
    public static readonly LmtpReply MailFirst = new(503, "5.5.1", "Send MAIL first");
    public static readonly LmtpReply RcptFirst = new(503, "5.5.1", "No valid recipients");
    public static readonly LmtpReply NoSuchUser = new(550, "5.1.1", "No such user here");
    public static readonly LmtpReply TooManyRecipients = new(452, "4.5.3", "Too many recipients");
    public static readonly LmtpReply RecipientTemporaryFailure = new(451, "4.3.0", "Temporary failure, try again later");

    // STARTTLS, RFC 3207 section 4: 220 to begin the handshake. While Lmtp:RequireTls holds, MAIL gets a temporary 451, not
    // the 530 that section 4 suggests: at final delivery a 5xx makes the MTA bounce every message over a TLS setting on
    // one hop, while a 4xx keeps them queued, with this reason in its log, until the setting is fixed (docs/decisions/0040).
    public static readonly LmtpReply ReadyForTls = new(220, "2.0.0", "Ready to start TLS");
    public static readonly LmtpReply TlsActive = new(503, "5.5.1", "TLS is already active");
    public static readonly LmtpReply TlsInTransaction = new(503, "5.5.1", "STARTTLS inside a transaction; send RSET first");
    public static readonly LmtpReply TlsNotOffered = new(502, "5.5.1", "STARTTLS is not offered on this listener");
    public static readonly LmtpReply TlsRequired = new(451, "4.7.0", "Must issue a STARTTLS command first: TLS is required here");

    // RFC 5321 section 4.2.2: 450 covers a mailbox "temporarily blocked for policy reasons"; RFC 3463 X.7.0 is security policy.
    public static readonly LmtpReply KeyRequired = new(450, "4.7.0", "Encryption is required here and this mailbox has no key yet, try again later");
    public static readonly LmtpReply TooManyErrors = new(421, "4.7.0", "Too many bad commands, closing");
    public static readonly LmtpReply IdleTimeout = new(421, "4.4.2", "Idle timeout, closing");
    public static readonly LmtpReply ShuttingDown = new(421, "4.3.2", "Server shutting down");

    public static LmtpReply Greeting(string host) => new(220, null, $"{host} LMTP Lockbox ready");

    public static LmtpReply Capabilities(string host, long maxSize, bool offerStartTls) =>
        new(250, null, [host, "PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8", .. offerStartTls ? ["STARTTLS"] : Array.Empty<string>(), $"SIZE {maxSize}"]);

    public static LmtpReply TooBig(long maxSize) => new(552, "5.3.4", $"Message exceeds the size limit of {maxSize} bytes");

    public static LmtpReply Stored(string recipient) => new(250, "2.0.0", $"<{recipient}> Saved");

    public static LmtpReply NotStored(string recipient, bool permanent, string? reason) => permanent
        ? new LmtpReply(550, "5.0.0", $"<{recipient}> {reason ?? "Delivery failed"}")
        : new LmtpReply(451, "4.3.0", $"<{recipient}> {reason ?? "Temporary failure, try again later"}");

    /// <summary>
    /// RFC 5321 section 4.2.3: 452 "insufficient system storage"; RFC 3463 X.3.1 "mail system full", a transient state: the
    /// MTA keeps the message and retries.
    /// </summary>
    public static LmtpReply StorageFull(string recipient) =>
        new(452, "4.3.1", $"<{recipient}> Insufficient system storage, try again later");

    /// <summary>
    /// The recipient's storage quota leaves no room (docs/decisions/0041): RFC 3463 X.2.2 "mailbox full", with 552 (RFC 5321
    /// section 4.2.2, "exceeded storage allocation"), or 452 where Quota:Temporary keeps the message queued at the MTA.
    /// </summary>
    public static LmtpReply MailboxFull(string recipient, bool temporary) => temporary
        ? new(452, "4.2.2", $"<{recipient}> Mailbox is full, try again later")
        : new(552, "5.2.2", $"<{recipient}> Mailbox is full");

    /// <summary>STYLE.md section 5: internal errors go out as fixed text plus a correlation id, never details.</summary>
    public static LmtpReply InternalError(string recipient, string correlationId) =>
        new(451, "4.3.0", $"<{recipient}> Internal error (id {correlationId}), try again later");
}
