// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>STATUS data items (RFC 3501 section 6.3.10, HIGHESTMODSEQ RFC 7162 section 3.1.5, SIZE RFC 8438, DELETED RFC 9051).</summary>
public enum StatusItem
{
    Messages,
    Recent,
    UidNext,
    UidValidity,
    Unseen,
    HighestModSeq,
    Size,
    Deleted,
}
