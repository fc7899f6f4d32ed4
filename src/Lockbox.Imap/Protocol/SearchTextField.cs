// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>Where a SEARCH string key looks (RFC 3501 section 6.4.4).</summary>
public enum SearchTextField
{
    Bcc,
    Cc,
    From,
    To,
    Subject,

    /// <summary>The body, without the header.</summary>
    Body,

    /// <summary>Header and body.</summary>
    Text,
}
