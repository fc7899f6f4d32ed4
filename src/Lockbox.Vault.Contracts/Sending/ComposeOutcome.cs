// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Sending;

/// <summary>Where the copy of a sent message, or a saved draft, was stored.</summary>
/// <param name="Mailbox">The mailbox: the one with special use \Sent or \Drafts (RFC 6154), or "Sent"/"Drafts" when none has it.</param>
/// <param name="Uid">The stored copy's UID there.</param>
/// <param name="Recipients">The mailboxes in To, Cc and Bcc.</param>
public sealed record ComposeOutcome(string Mailbox, long Uid, int Recipients);
