// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>A message's flags after a change.</summary>
/// <param name="Uid">RFC 3501 UID.</param>
/// <param name="ModSeq">RFC 7162 MODSEQ of its last change.</param>
/// <param name="Flags">System flags ("\Seen", ...) then keywords, as in <see cref="MessageInfo.Flags"/>.</param>
public sealed record MessageFlagState(long Uid, long ModSeq, IReadOnlyList<string> Flags);
