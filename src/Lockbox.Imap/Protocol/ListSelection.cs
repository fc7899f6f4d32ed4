// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>LIST-EXTENDED selection options (RFC 5258 section 3.1, SPECIAL-USE RFC 6154 section 3).</summary>
[Flags]
public enum ListSelection
{
    None = 0,
    Subscribed = 1,
    Remote = 2,
    RecursiveMatch = 4,
    SpecialUse = 8,
}
