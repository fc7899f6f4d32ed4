// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A mailbox (folder).</summary>
/// <param name="Id">Store-assigned identity.</param>
/// <param name="UserId">The owner.</param>
/// <param name="Name">The full hierarchical name; "INBOX" for the inbox (RFC 3501 section 5.1).</param>
/// <param name="Role">Its special use, if any.</param>
/// <param name="UidValidity">RFC 3501 section 2.3.1.1: changes only if UIDs are reassigned.</param>
/// <param name="UidNext">The UID the next message will get.</param>
/// <param name="HighestModSeq">RFC 7162: the highest MODSEQ of any change in the mailbox.</param>
/// <param name="Subscribed">Whether LSUB lists it.</param>
public sealed record MailboxRecord(
    long Id, long UserId, string Name, SpecialUse? Role, long UidValidity, long UidNext, long HighestModSeq, bool Subscribed);
