// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// A message's index entry: what SELECT, STATUS and change tracking need, read without decrypting anything. The
/// metadata (size, MIME structure, headers) comes from <see cref="IMailSession.GetMetadataAsync"/>.
/// </summary>
/// <param name="Uid">RFC 3501 UID.</param>
/// <param name="ModSeq">RFC 7162 MODSEQ.</param>
/// <param name="Flags">System flags: "\Seen", "\Answered", "\Flagged", "\Deleted", "\Draft".</param>
/// <param name="InternalDate">Arrival time (UTC).</param>
public sealed record MessageInfo(long Uid, long ModSeq, IReadOnlyList<string> Flags, DateTime InternalDate);
