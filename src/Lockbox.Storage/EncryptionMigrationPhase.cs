// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>Where a user's opt-in migration (docs/decisions/0017) stands. Stored as its number: never renumber.</summary>
public enum EncryptionMigrationPhase
{
    /// <summary>Cleartext messages are being encrypted, one blob at a time.</summary>
    Messages = 0,

    /// <summary>Every message is encrypted; old blobs, free pages and WAL frames are being scrubbed.</summary>
    Scrubbing = 1,

    /// <summary>Finished: no cleartext of the user is left in the store.</summary>
    Done = 2,
}
