// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A message's flags after a change.</summary>
/// <param name="Uid">The message.</param>
/// <param name="ModSeq">RFC 7162: the MODSEQ of its last change.</param>
/// <param name="Flags">System flags.</param>
/// <param name="Keywords">Keywords, in the case first stored.</param>
public sealed record MessageFlags(long Uid, long ModSeq, SystemFlags Flags, IReadOnlyList<string> Keywords);
