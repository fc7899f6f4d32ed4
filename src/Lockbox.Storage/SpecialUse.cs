// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>Mailbox roles of RFC 6154 section 2, plus INBOX, which RFC 3501 section 5.1 makes special.</summary>
public enum SpecialUse
{
    Inbox = 1,
    Sent = 2,
    Drafts = 3,
    Trash = 4,
    Junk = 5,
    Archive = 6,
}
