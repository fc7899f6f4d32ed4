// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>Where a user stands with key escrow (docs/decisions/0019).</summary>
/// <param name="Mode">The server's setting.</param>
/// <param name="Choice">The user's own decision.</param>
/// <param name="CopiesKept">Whether the mode and the choice mean the provider keeps a copy of the user's keys.</param>
/// <param name="Copies">How many escrow copies are stored now (one per secret key of the history).</param>
/// <param name="KeysWithoutCopy">Secret keys of the user with no copy yet, while copies are to be kept (made at the next login).</param>
/// <param name="MasterKeyInstalled">Whether the provider has installed the escrow master public key.</param>
/// <param name="CanConsent">Whether <see cref="IKeyPortal.ConsentToEscrowAsync"/> can succeed now.</param>
/// <param name="CanOptOut">Whether <see cref="IKeyPortal.OptOutOfEscrowAsync"/> can succeed now.</param>
public sealed record EscrowStatus(
    EscrowServerMode Mode,
    EscrowUserChoice Choice,
    bool CopiesKept,
    int Copies,
    int KeysWithoutCopy,
    bool MasterKeyInstalled,
    bool CanConsent,
    bool CanOptOut);
