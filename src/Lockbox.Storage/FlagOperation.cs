// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>How a flag change combines with the flags a message has (RFC 3501 section 6.4.6: FLAGS, +FLAGS, -FLAGS).</summary>
public enum FlagOperation
{
    /// <summary>The message gets exactly the given flags.</summary>
    Replace,

    /// <summary>The given flags are added.</summary>
    Add,

    /// <summary>The given flags are removed.</summary>
    Remove,
}
