// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>The provider's escrow master public key as the store keeps it, once for every node (schema v14, docs/decisions/0039).</summary>
/// <param name="Fingerprint">The key's fingerprint, as escrow copies name it (<see cref="EscrowCopyRecord"/>).</param>
/// <param name="ArmoredKey">The ASCII-armored public key. Never a secret key: the installer refuses one.</param>
/// <param name="InstalledUtc">When it was installed (or moved in from a node's file).</param>
public sealed record EscrowMasterRecord(string Fingerprint, string ArmoredKey, DateTime InstalledUtc);
