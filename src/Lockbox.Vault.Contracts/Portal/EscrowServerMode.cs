// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>The server's escrow setting (<c>Escrow:Mode</c>, docs/decisions/0019).</summary>
public enum EscrowServerMode
{
    /// <summary>The provider keeps no escrow copies; consent is refused.</summary>
    Off,

    /// <summary>A copy only for users who consented.</summary>
    OptIn,

    /// <summary>A copy for every user with a key unless they opted out.</summary>
    OptOut,

    /// <summary>A copy for every user with a key; opting out is refused.</summary>
    Mandatory,
}
