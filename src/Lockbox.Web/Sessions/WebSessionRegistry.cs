// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Lockbox.Vault.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lockbox.Web.Sessions;

/// <summary>
/// The server side of the session cookie (docs/decisions/0022): a random 256-bit ID maps to a <see cref="WebSession"/>
/// in memory only. The table is keyed by the ID's SHA-256, so it never holds a usable cookie value and lookups do
/// not compare secrets. A session unused for <see cref="WebOptions.IdleTimeout"/>, or older than
/// <see cref="WebOptions.MaxLifetime"/>, is closed on its next lookup or by <see cref="SweepAsync"/>, whichever
/// comes first. Thread-safe.
/// </summary>
public sealed class WebSessionRegistry : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, WebSession> _sessions = new(StringComparer.Ordinal);
    readonly WebOptions _options;
    readonly TimeProvider _time;

    public WebSessionRegistry(IOptions<WebOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    /// <summary>Open sessions.</summary>
    public int Count => _sessions.Count;

    /// <summary>Registers a fresh Vault session; returns the cookie value (base64url, 43 characters).</summary>
    public string Add(IMailSession mail)
    {
        var id = Base64Url(RandomNumberGenerator.GetBytes(32));
        _sessions[Key(id)] = new WebSession(mail, _time.GetUtcNow());
        return id;
    }

    /// <summary>Signs the browser in: registers <paramref name="mail"/> and sets the session cookie to its new ID.</summary>
    public void SignIn(HttpContext context, IMailSession mail) => SessionCookie.Write(context, Add(mail));

    /// <summary>The live session for a cookie value, marked used now; null when unknown, ended or expired (an expired one is closed here).</summary>
    public async Task<WebSession?> FindAsync(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            return null;
        }

        var key = Key(id);
        if (!_sessions.TryGetValue(key, out var session))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (Expired(session, now))
        {
            await CloseAsync(key);
            return null;
        }

        session.Touch(now);
        return session;
    }

    /// <summary>Logout: closes the session at once (the Vault session is disposed before this returns).</summary>
    public Task RemoveAsync(string? id) => string.IsNullOrEmpty(id) ? Task.CompletedTask : CloseAsync(Key(id));

    /// <summary>Signs the browser out: closes the session its cookie names (<see cref="RemoveAsync"/>) and deletes the cookie.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        await RemoveAsync(SessionCookie.Read(context));
        SessionCookie.Delete(context);
    }

    /// <summary>Closes every expired session; returns how many.</summary>
    public async Task<int> SweepAsync()
    {
        var now = _time.GetUtcNow();
        var closed = 0;
        foreach (var (key, session) in _sessions)
        {
            if (Expired(session, now))
            {
                await CloseAsync(key);
                closed++;
            }
        }

        return closed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var key in _sessions.Keys)
        {
            await CloseAsync(key);
        }
    }

    bool Expired(WebSession session, DateTimeOffset now) =>
        now - session.LastUsed >= _options.IdleTimeout || now - session.Created >= _options.MaxLifetime;

    async Task CloseAsync(string key)
    {
        if (_sessions.TryRemove(key, out var session))
        {
            await session.DisposeAsync();
        }
    }

    static string Key(string id) => Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(id)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
