// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Recovery;

/// <summary>
/// Coordinates writers with the startup check across processes (the server and LDA deliveries):
/// every delivery holds the lock shared; the startup check holds it exclusively, so it never takes
/// a blob that another process has just made durable, but not yet indexed, for a crash leftover.
/// .NET implements FileShare on Linux with flock(2): LOCK_SH when sharing, LOCK_EX for FileShare.None.
/// </summary>
internal sealed class DeliveryLock
{
    readonly string _path;

    public DeliveryLock(string dataDirectory)
    {
        _path = Path.Combine(dataDirectory, "delivery.lock");
    }

    /// <summary>Holds the lock shared until disposed. Many deliveries can hold it at once.</summary>
    public Task<IDisposable> AcquireSharedAsync(CancellationToken cancellationToken) => AcquireAsync(FileShare.ReadWrite, cancellationToken);

    /// <summary>Holds the lock alone until disposed, waiting for running deliveries to finish.</summary>
    public Task<IDisposable> AcquireExclusiveAsync(CancellationToken cancellationToken) => AcquireAsync(FileShare.None, cancellationToken);

    async Task<IDisposable> AcquireAsync(FileShare share, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(_path, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = share,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // flock is taken non-blocking by .NET: poll until the other holders are done.
                await Task.Delay(20, cancellationToken);
            }
        }
    }
}
