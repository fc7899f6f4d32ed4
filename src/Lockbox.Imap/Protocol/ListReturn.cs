// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>LIST-EXTENDED return options (RFC 5258 section 3.2, RFC 6154, LIST-STATUS RFC 5819).</summary>
[Flags]
public enum ListReturn
{
    None = 0,
    Subscribed = 1,
    Children = 2,
    SpecialUse = 4,

    /// <summary>STATUS (items): the items are in <see cref="ListCommand.StatusItems"/>.</summary>
    Status = 8,
}
