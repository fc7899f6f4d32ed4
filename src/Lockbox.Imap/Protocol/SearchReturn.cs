// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>An ESEARCH result option (RFC 4731 section 3.1): which items the ESEARCH response carries.</summary>
public enum SearchReturn
{
    Min,
    Max,
    All,
    Count,
}
