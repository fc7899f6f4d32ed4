// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>Which date a SEARCH date key compares: INTERNALDATE or the Date header (SENT*).</summary>
public enum SearchDateField
{
    Internal,
    Sent,
}
