// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>The &lt;origin.length&gt; of a partial fetch (RFC 3501 section 6.4.5), in octets.</summary>
public readonly record struct FetchPartial(uint Offset, uint Length);
