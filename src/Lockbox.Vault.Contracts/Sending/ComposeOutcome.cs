// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Sending;

/// <summary>Where the copy of a sent message, or a saved draft, was stored.</summary>
/// <param name="Mailbox">The mailbox: the one with special use \Sent or \Drafts (RFC 6154), or "Sent"/"Drafts" when none has it.</param>
/// <param name="Uid">The stored copy's UID there; 0 when <paramref name="CopyStored"/> is false.</param>
/// <param name="Recipients">The mailboxes in To, Cc and Bcc.</param>
/// <param name="CopyStored">
/// False when the relay accepted the message but the mail store could not answer (<see cref="MailboxError.Unavailable"/>),
/// or the user's storage quota had no room (<paramref name="CopyOverQuota"/>), when its copy was to be stored: the message
/// was sent, it is not in <paramref name="Mailbox"/>, and a draft it replaces is still in Drafts. The send does not throw for this, so a front end does not have the user send it again. Always
/// true for a saved draft: a draft the store cannot take throws instead.
/// </param>
/// <param name="DraftLeft">
/// True when the message (sent, or saved as a new draft) replaced a draft that is still in Drafts: the store could not
/// answer when it was to be removed, or the sent message's copy was not stored, so the draft is the only stored text.
/// The outcome stands; a front end tells the user, who would otherwise find an old draft of a message already sent.
/// </param>
/// <param name="CopyOverQuota">True when the copy was not stored because of the quota (docs/decisions/0041), so the user can make room.</param>
public sealed record ComposeOutcome(string Mailbox, long Uid, int Recipients, bool CopyStored = true, bool DraftLeft = false, bool CopyOverQuota = false);
