// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>How STORE combines flags: FLAGS, +FLAGS or -FLAGS (RFC 3501 section 6.4.6).</summary>
public enum StoreMode
{
    Replace,
    Add,
    Remove,
}
