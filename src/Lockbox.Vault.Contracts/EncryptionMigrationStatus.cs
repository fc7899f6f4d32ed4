// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// Progress of a user's opt-in migration, for a progress bar (CLI) or a status line (web). Serialisable; it says
/// nothing about the messages beyond their count.
/// </summary>
/// <param name="State">Where the migration stands.</param>
/// <param name="Done">Messages encrypted so far.</param>
/// <param name="Total">Messages to encrypt in all (it grows if cleartext mail still arrived while encryption was turned on).</param>
public sealed record EncryptionMigrationStatus(EncryptionMigrationState State, long Done, long Total);
