// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>How <see cref="IMailSession.StoreFlagsAsync"/> combines the given flags with a message's flags (RFC 3501 section 6.4.6).</summary>
public enum FlagChange
{
    /// <summary>FLAGS: the message gets exactly the given flags.</summary>
    Replace,

    /// <summary>+FLAGS: the given flags are added.</summary>
    Add,

    /// <summary>-FLAGS: the given flags are removed.</summary>
    Remove,
}
