// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Portal;

/// <summary>
/// One user's opt-in migration as <see cref="EncryptionRunner"/> runs it: the latest progress the job reported, whether
/// it runs, and why its last attempt failed. The migration reports on its own thread, and the page reads from another,
/// so every field is read and written under a lock. Reports never move the count back (a re-run after a failure starts
/// from what the store says, which is never below what was reported).
/// </summary>
internal sealed class EncryptionJob : IProgress<EncryptionMigrationStatus>
{
    readonly Lock _lock = new();
    EncryptionMigrationStatus? _latest;
    bool _running = true;
    string? _error;

    public EncryptionJob(long userId, string address)
    {
        UserId = userId;
        Address = address;
    }

    public long UserId { get; }

    public string Address { get; }

    /// <summary>The run, set once when the runner starts it.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    public void Report(EncryptionMigrationStatus value)
    {
        lock (_lock)
        {
            _latest = _latest is null ? value : Later(_latest, value);
        }
    }

    /// <summary>The latest progress (null before the first report), whether the job runs, and the last failure.</summary>
    public (EncryptionMigrationStatus? Latest, bool Running, string? Error) Snapshot()
    {
        lock (_lock)
        {
            return (_latest, _running, _error);
        }
    }

    /// <summary>An attempt failed: the job waits for its retry (<paramref name="retrying"/>) or stops.</summary>
    public void Failed(string error, bool retrying)
    {
        lock (_lock)
        {
            _error = error;
            _running = retrying;
        }
    }

    /// <summary>The job ended: finished (its error cleared), or stopped with the server.</summary>
    public void Ended(bool finished)
    {
        lock (_lock)
        {
            _running = false;
            if (finished)
            {
                _error = null;
            }
        }
    }

    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>The further of two reports: phases only advance, and counts only grow.</summary>
    public static EncryptionMigrationStatus Later(EncryptionMigrationStatus a, EncryptionMigrationStatus b)
    {
        var state = (EncryptionMigrationState)Math.Max((int)a.State, (int)b.State);
        var total = Math.Max(a.Total, b.Total);
        var done = state == EncryptionMigrationState.Encrypting ? Math.Min(total, Math.Max(a.Done, b.Done)) : total;
        return new EncryptionMigrationStatus(state, done, total);
    }
}
