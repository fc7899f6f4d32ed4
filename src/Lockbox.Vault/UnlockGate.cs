// SPDX-License-Identifier: MIT
namespace Lockbox.Vault;

/// <summary>
/// Bounds concurrent Argon2 runs: each holds about 64 MiB, so a burst of logins or password changes
/// must queue rather than exhaust memory (DESIGN.md section 4). The work runs on the thread pool.
/// </summary>
public sealed class UnlockGate : IDisposable
{
    readonly SemaphoreSlim _slots;

    public UnlockGate(int concurrentUnlocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentUnlocks, 1);
        _slots = new SemaphoreSlim(concurrentUnlocks, concurrentUnlocks);
    }

    /// <summary>Runs <paramref name="work"/> once a slot is free.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        VaultMetrics.UnlockQueued();
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            VaultMetrics.UnlockDequeued();
        }

        try
        {
            return await Task.Run(work, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
