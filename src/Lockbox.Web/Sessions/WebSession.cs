// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;

namespace Lockbox.Web.Sessions;

/// <summary>
/// One browser login: the Vault session behind an opaque cookie. Requests of one browser may run at once (the
/// message page and its body frame), and a Vault session serves one caller at a time as IMAP does, so every use
/// goes through <see cref="AcquireAsync"/>. Disposing waits for the request in progress, then ends the Vault
/// session, which drops the unlocked key (docs/decisions/0007).
/// </summary>
public sealed class WebSession : IAsyncDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);
    readonly IMailSession _mail;
    long _lastUsedTicks;
    int _disposed;

    internal WebSession(IMailSession mail, DateTimeOffset now)
    {
        _mail = mail;
        Created = now;
        _lastUsedTicks = now.UtcTicks;
    }

    /// <summary>The signed-in address.</summary>
    public string Address => _mail.Address;

    /// <summary>What the server can show of this user's mail.</summary>
    public MailAccess Access => _mail.Access;

    /// <summary>When the login happened.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The last request's time.</summary>
    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    /// <summary>Waits for this session's other request to finish, then lends the Vault session until the lease is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The session ended (logout, timeout) while waiting.</exception>
    public async Task<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        if (IsDisposed)
        {
            _gate.Release();
            throw new ObjectDisposedException(nameof(WebSession));
        }

        return new Lease(this);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Not while a request still reads mail through it; the gate is never released again, so nothing new starts.
        await _gate.WaitAsync();
        await _mail.DisposeAsync();
    }

    /// <summary>Exclusive use of the Vault session for one request.</summary>
    public readonly struct Lease : IDisposable
    {
        readonly WebSession _owner;

        internal Lease(WebSession owner)
        {
            _owner = owner;
        }

        /// <summary>The Vault session; valid until the lease is disposed.</summary>
        public IMailSession Mail => _owner._mail;

        public void Dispose() => _owner._gate.Release();
    }
}
