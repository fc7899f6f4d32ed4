// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>What an import did.</summary>
/// <param name="Fingerprint">The imported key, now the active key: new mail is encrypted to it.</param>
/// <param name="Mode">How it is kept.</param>
/// <param name="KeptKeys">Older keys kept to read older mail.</param>
/// <param name="DiscardedSecretKeys">Older keys whose secret part the server deleted (zero-access).</param>
public sealed record KeyUploadResult(string Fingerprint, KeyUploadMode Mode, int KeptKeys, int DiscardedSecretKeys);
