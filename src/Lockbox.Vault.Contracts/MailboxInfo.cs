// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>A mailbox as a session sees it.</summary>
/// <param name="Name">The full name; "INBOX" for the inbox.</param>
/// <param name="SpecialUse">The RFC 6154 attribute without its backslash ("Sent", "Trash", ...), or null.</param>
/// <param name="UidValidity">RFC 3501 section 2.3.1.1.</param>
/// <param name="UidNext">The UID the next message will get.</param>
/// <param name="HighestModSeq">RFC 7162.</param>
/// <param name="Subscribed">Whether LSUB lists it.</param>
public sealed record MailboxInfo(string Name, string? SpecialUse, long UidValidity, long UidNext, long HighestModSeq, bool Subscribed);
