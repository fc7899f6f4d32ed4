// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>The user's own escrow decision.</summary>
public enum EscrowUserChoice
{
    /// <summary>Not asked or not answered: the server's mode decides.</summary>
    Undecided,

    /// <summary>The user agreed to escrow.</summary>
    Consented,

    /// <summary>The user declined and was warned.</summary>
    OptedOut,
}
