// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>A message's index entry with its decrypted metadata.</summary>
/// <param name="Uid">RFC 3501 UID.</param>
/// <param name="ModSeq">RFC 7162 MODSEQ.</param>
/// <param name="Flags">System flags: "\Seen", "\Answered", "\Flagged", "\Deleted", "\Draft".</param>
/// <param name="InternalDate">Arrival time (UTC).</param>
/// <param name="Metadata">Size, MIME structure, headers; null for a <see cref="MailAccess.PublicKeyOnly"/> user.</param>
public sealed record MessageInfo(long Uid, long ModSeq, IReadOnlyList<string> Flags, DateTime InternalDate, MessageMetadata? Metadata);
