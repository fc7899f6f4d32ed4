// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Accounts;

/// <summary>
/// One opt-in migration per user at a time, across processes (docs/decisions/0021): <c>lockbox serve</c>'s background
/// runner and <c>lockbox user encrypt</c> may both want to run it. Each run holds <c>DATA/encryption-ID.lock</c>
/// exclusively; .NET takes that as flock(2) LOCK_EX without waiting, as <see cref="Recovery.DeliveryLock"/> does, so
/// the second run learns at once that the first one is at work. flock is per open file, so it also keeps two runs in
/// one process apart. The files stay (unlinking a locked file would let a third run lock a new one).
/// </summary>
internal sealed class MigrationLock
{
    readonly string _dataDirectory;

    public MigrationLock(string dataDirectory)
    {
        _dataDirectory = dataDirectory;
    }

    /// <summary>Holds the user's lock until disposed, or returns null when another run holds it.</summary>
    public IDisposable? TryAcquire(long userId)
    {
        try
        {
            return new FileStream(Path.Combine(_dataDirectory, $"encryption-{userId}.lock"), new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException)
        {
            return null;
        }
    }
}
