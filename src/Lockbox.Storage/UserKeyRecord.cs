// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// One OpenPGP key of a user. Old keys stay, retired, so that mail encrypted to them remains readable.
/// </summary>
/// <param name="Id">Store-assigned identity.</param>
/// <param name="UserId">The owner.</param>
/// <param name="Fingerprint">The primary key fingerprint (hex).</param>
/// <param name="PublicKey">The binary certificate.</param>
/// <param name="ProtectedSecretKey">The secret key in its password-protected envelope, or null for a public-only key.</param>
/// <param name="IsActive">True for the key new mail is encrypted to; exactly one per encrypted user.</param>
/// <param name="CreatedUtc">When the key was stored.</param>
public sealed record UserKeyRecord(
    long Id, long UserId, string Fingerprint, byte[] PublicKey, byte[]? ProtectedSecretKey, bool IsActive, DateTime CreatedUtc);
