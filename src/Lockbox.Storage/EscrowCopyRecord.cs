// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>One escrow copy: a user's unprotected secret key, encrypted to the provider's master public key.</summary>
/// <param name="KeyId">The user key it copies (<see cref="UserKeyRecord.Id"/>).</param>
/// <param name="Fingerprint">That key's fingerprint.</param>
/// <param name="MasterFingerprint">The master public key it is encrypted to.</param>
/// <param name="Copy">The OpenPGP message (PKESK to the master key, SEIPD with MDC) holding the key.</param>
/// <param name="CreatedUtc">When it was written.</param>
public sealed record EscrowCopyRecord(long KeyId, string Fingerprint, string MasterFingerprint, byte[] Copy, DateTime CreatedUtc);
