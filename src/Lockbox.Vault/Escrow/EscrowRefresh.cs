// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Escrow;

/// <summary>What <see cref="EscrowKeeper.RefreshAsync"/> did.</summary>
public enum EscrowRefresh
{
    /// <summary><c>Escrow:Mode</c> and the user's choice keep no copy.</summary>
    NotKept,

    /// <summary>A copy should be kept, but no master key is installed (logged as a warning).</summary>
    NoMaster,

    /// <summary>Every key given already had a copy under the installed master key.</summary>
    UpToDate,

    /// <summary>Copies were written.</summary>
    Written,

    /// <summary>
    /// The user's choice changed between the read that decided on copies and their write (an opt-out committed
    /// meanwhile): nothing was written (logged at information).
    /// </summary>
    ChoiceChanged,
}
