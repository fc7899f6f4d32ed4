// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// A user's own escrow decision (issue 5, item 6). Whether a copy is kept follows from it and the server's
/// <c>Escrow:Mode</c>. Stored in clear: a disk reader learns whether the provider can recover the key.
/// </summary>
public enum EscrowChoice
{
    /// <summary>Not asked, or not answered: opt-out and mandatory modes keep a copy, opt-in does not.</summary>
    Undecided = 0,

    /// <summary>The user agreed (<c>escrow consent</c>).</summary>
    Consented = 1,

    /// <summary>The user declined and was warned (<c>escrow opt-out</c>); no copy is kept unless the mode is mandatory.</summary>
    OptedOut = 2,
}
