// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>
/// The "encrypt my mailbox" job, for a live progress bar: poll <see cref="IKeyPortal.GetEncryptionProgressAsync"/>.
/// <see cref="Done"/> never goes down while the server runs the job.
/// </summary>
/// <param name="State">The phase: encrypting messages, removing the old cleartext, or done.</param>
/// <param name="Done">Messages encrypted so far.</param>
/// <param name="Total">Messages to encrypt in all.</param>
/// <param name="Running">Whether the server is working on it now (false when finished, failed or waiting to be resumed).</param>
/// <param name="Error">Why the last run stopped, in one line, when it failed; null otherwise. The server retries; starting again also resumes.</param>
/// <param name="StartedUtc">When encryption was turned on.</param>
/// <param name="FinishedUtc">When the job finished, or null.</param>
public sealed record EncryptionProgress(
    EncryptionMigrationState State, long Done, long Total, bool Running, string? Error, DateTime StartedUtc, DateTime? FinishedUtc)
{
    /// <summary>Whether the job is over: every message encrypted and the old cleartext removed.</summary>
    public bool Finished => State == EncryptionMigrationState.Done;

    /// <summary>0 to 100, for the bar; 100 only once <see cref="Finished"/>, so the scrub shows as 99.</summary>
    public int Percent => Finished ? 100 : Total == 0 ? 99 : (int)Math.Min(99, Done * 100 / Total);
}
