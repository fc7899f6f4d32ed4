// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A user's opt-in migration (docs/decisions/0017) as stored, with the cleartext messages still left.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Phase">Where the job stands.</param>
/// <param name="Total">How many cleartext messages the user had when encryption was turned on.</param>
/// <param name="Remaining">How many of the user's messages are cleartext now.</param>
/// <param name="StartedUtc">When encryption was turned on.</param>
/// <param name="FinishedUtc">When the job finished, or null while it runs.</param>
public sealed record EncryptionMigrationRecord(
    long UserId, EncryptionMigrationPhase Phase, long Total, long Remaining, DateTime StartedUtc, DateTime? FinishedUtc);
