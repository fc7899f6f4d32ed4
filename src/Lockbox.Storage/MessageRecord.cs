// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A stored message's index row.</summary>
/// <param name="Id">Store-assigned identity.</param>
/// <param name="MailboxId">The mailbox holding it.</param>
/// <param name="Uid">RFC 3501 section 2.3.1.1: strictly ascending within the mailbox, never reused.</param>
/// <param name="ModSeq">RFC 7162: the MODSEQ of its last change.</param>
/// <param name="Flags">System flags.</param>
/// <param name="InternalDate">The arrival time.</param>
/// <param name="StoredSize">Size of the blob as stored.</param>
/// <param name="BlobId">The blob.</param>
/// <param name="IsEncrypted">Whether blob and metadata are encrypted.</param>
/// <param name="Metadata">The (encrypted) metadata record.</param>
/// <param name="MetadataForm">How <paramref name="Metadata"/> is protected.</param>
public sealed record MessageRecord(
    long Id, long MailboxId, long Uid, long ModSeq, SystemFlags Flags, DateTime InternalDate,
    long StoredSize, string BlobId, bool IsEncrypted, byte[] Metadata, MetadataForm MetadataForm)
{
    /// <summary>The keywords (RFC 3501 section 2.3.2 flag-keyword) set on it, in the case first stored.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];
}
