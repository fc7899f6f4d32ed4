// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>BEFORE, ON or SINCE; dates compare without time or zone (RFC 3501 section 6.4.4).</summary>
public enum SearchDateComparison
{
    Before,
    On,
    Since,
}
