// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>The texts a user agrees to on the Security page.</summary>
public enum ConsentKind
{
    /// <summary>Turning encryption on ("encrypt my mailbox").</summary>
    Encryption,

    /// <summary>Agreeing to key escrow.</summary>
    Escrow,

    /// <summary>The warning accepted when opting out of escrow.</summary>
    EscrowOptOut,
}
