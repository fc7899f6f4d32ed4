// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>Which date a date search key compares (RFC 3501 section 6.4.4).</summary>
public enum SearchDateSource
{
    /// <summary>The internal date (arrival), as a UTC day: BEFORE, ON, SINCE.</summary>
    Internal,

    /// <summary>The Date header's own calendar day: SENTBEFORE, SENTON, SENTSINCE. A message without a valid Date header never matches.</summary>
    Sent,
}
