// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault.Portal;

/// <summary>
/// Runs opt-in migrations in the background of <c>lockbox serve</c> (docs/decisions/0021), so "encrypt my mailbox" on
/// the web returns at once and the page polls the progress. One job per user in this process (a second start finds the
/// running one) and across processes (<see cref="MigrationLock"/>: a <c>user encrypt</c> running meanwhile keeps it, and
/// this runner waits for it). The job itself is <see cref="EncryptionOptIn.ContinueAsync"/>, the CLI's, crash-safe blob
/// by blob, so stopping it anywhere (shutdown, kill -9) loses nothing: <see cref="ResumeAsync"/> at the next start
/// continues every unfinished job from the store. A failed attempt is retried a few times, then waits for the user to
/// start again or the next server start.
/// </summary>
public sealed class EncryptionRunner : IAsyncDisposable, IDisposable
{
    readonly EncryptionOptIn _optIn;
    readonly IMailStore _store;
    readonly ILogger<EncryptionRunner> _logger;
    readonly CancellationTokenSource _stopping = new();
    readonly Dictionary<long, EncryptionJob> _jobs = [];
    readonly Lock _lock = new();

    internal EncryptionRunner(EncryptionOptIn optIn, IMailStore store, ILogger<EncryptionRunner> logger)
    {
        _optIn = optIn;
        _store = store;
        _logger = logger;
    }

    /// <summary>Attempts per job before it waits for the user or a restart; transient causes (a busy WAL, a full disk) get this many.</summary>
    internal int Attempts { get; init; } = 5;

    /// <summary>The pause before a failed attempt is retried.</summary>
    internal TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a job that another process runs checks whether that one is done.</summary>
    internal TimeSpan BusyDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Starts every job the store lists as unfinished (the server's start); returns how many.</summary>
    public async Task<int> ResumeAsync(CancellationToken cancellationToken)
    {
        var addresses = await _store.ListUnfinishedEncryptionsAsync(cancellationToken);
        if (addresses.Count > 0)
        {
            PortalLog.Resuming(_logger, addresses.Count);
        }

        foreach (var address in addresses)
        {
            if (await _store.FindUserAsync(address, cancellationToken) is { } user)
            {
                Start(user.Id, user.Address);
            }
        }

        return addresses.Count;
    }

    /// <summary>Stops every job at its next step and waits for them (or for <paramref name="cancellationToken"/>, the host's patience).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] running;
        lock (_lock)
        {
            running = [.. _jobs.Values.Select(j => j.Completion)];
        }

        // The jobs end on cancellation themselves (each step is crash-safe); WaitAsync only bounds how long shutdown waits.
        await Task.WhenAll(running).WaitAsync(cancellationToken);
    }

    /// <summary>The user's job: the running one, or a new one started now.</summary>
    internal EncryptionJob Start(long userId, string address)
    {
        lock (_lock)
        {
            if (_jobs.TryGetValue(userId, out var current) && current.IsRunning)
            {
                return current;
            }

            var job = new EncryptionJob(userId, address);
            // A new job keeps the count the last one reached, so a restart after a failure never shows less.
            if (current?.Snapshot().Latest is { } reached)
            {
                job.Report(reached);
            }

            _jobs[userId] = job;
            if (!_stopping.IsCancellationRequested)
            {
                job.Completion = Task.Run(() => RunAsync(job, _stopping.Token));
            }
            else
            {
                job.Ended(finished: false);
            }

            return job;
        }
    }

    /// <summary>The user's job in this process, running or ended, or null.</summary>
    internal EncryptionJob? Find(long userId)
    {
        lock (_lock)
        {
            return _jobs.GetValueOrDefault(userId);
        }
    }

    async Task RunAsync(EncryptionJob job, CancellationToken stopping)
    {
        PortalLog.JobStarted(_logger, job.Address);
        var attempt = 1;
        while (true)
        {
            try
            {
                var final = await _optIn.ContinueAsync(job.Address, job, stopping);
                job.Ended(finished: true);
                PortalLog.JobFinished(_logger, job.Address, final.Total);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Shutdown: every finished blob is committed, the next start continues from there.
                job.Ended(finished: false);
                return;
            }
            catch (VaultException e) when (e.Error == VaultError.Busy)
            {
                // `user encrypt` (or another server) runs it: wait until it lets go, then find the job done or continue it.
                PortalLog.JobBusy(_logger, job.Address);
                if (!await PauseAsync(BusyDelay, stopping))
                {
                    job.Ended(finished: false);
                    return;
                }
            }
            catch (Exception e)
            {
                // A background job has no caller to rethrow to: the page shows the line, the log keeps the exception.
                var retrying = attempt < Attempts;
                PortalLog.JobFailed(_logger, e, job.Address, attempt, Attempts);
                job.Failed(e is VaultException or StoreUnavailableException ? e.Message : "an internal error stopped it (see the server log)", retrying);
                if (!retrying || !await PauseAsync(RetryDelay, stopping))
                {
                    job.Ended(finished: false);
                    return;
                }

                attempt++;
            }
        }
    }

    static async Task<bool> PauseAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        _stopping.Dispose();
    }

    public void Dispose()
    {
        // A synchronous container disposal still stops the jobs; it cannot wait for them without blocking a thread.
        _stopping.Cancel();
    }
}
