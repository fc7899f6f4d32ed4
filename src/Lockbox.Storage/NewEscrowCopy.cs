// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>An escrow copy to store for one of a user's keys, replacing the key's previous copy.</summary>
/// <param name="KeyId">The user key it copies.</param>
/// <param name="MasterFingerprint">The master public key it is encrypted to.</param>
/// <param name="Copy">The encrypted key.</param>
public sealed record NewEscrowCopy(long KeyId, string MasterFingerprint, byte[] Copy);
