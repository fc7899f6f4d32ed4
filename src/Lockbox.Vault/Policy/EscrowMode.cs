// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Policy;

/// <summary>The server's escrow policy (setting <c>Escrow:Mode</c>; docs/decisions/0019).</summary>
public enum EscrowMode
{
    /// <summary>No escrow copy is made (<c>off</c>).</summary>
    Off,

    /// <summary>A copy only for users who consented (<c>opt-in</c>).</summary>
    OptIn,

    /// <summary>A copy for every user with a key who has not opted out (<c>opt-out</c>).</summary>
    OptOut,

    /// <summary>
    /// A copy for every user with a key; opting out is refused, and no key is created while no master key is
    /// installed (<c>mandatory</c>).
    /// </summary>
    Mandatory,
}
