// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Keys;

/// <summary>What <see cref="KeyImporter.ImportAsync"/> did.</summary>
/// <param name="Fingerprint">The imported key's fingerprint, now the user's active key.</param>
/// <param name="Mode">How it is kept.</param>
/// <param name="KeptKeys">Older keys kept (inactive) for older mail.</param>
/// <param name="DiscardedSecretKeys">Older keys whose secret part the server removed (zero-access with <c>--discard-server-key</c>).</param>
public sealed record KeyImportResult(string Fingerprint, KeyImportMode Mode, int KeptKeys, int DiscardedSecretKeys);
