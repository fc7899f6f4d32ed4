// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Lockbox.FrontEnd.Throttling;

/// <summary>
/// Failed-login backoff per user name and per client address, shared by every front end that takes
/// passwords (docs/decisions/0008-front-end-shared-services.md). A front end asks <see cref="RetryAfter"/>
/// before it hands the password to Vault, so a throttled attempt costs no Argon2 run, and reports the
/// outcome with <see cref="Failed"/> or <see cref="Succeeded"/>. User names are tracked whether or not
/// they exist, so the throttle treats unknown users and wrong passwords alike. Memory is bounded by
/// <see cref="LoginThrottleOptions.MaxEntries"/>. Thread-safe.
/// </summary>
public sealed class LoginThrottle
{
    readonly LoginThrottleOptions _options;
    readonly TimeProvider _time;
    readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public LoginThrottle(LoginThrottleOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
    }

    /// <summary>Zero when a login for <paramref name="user"/> from <paramref name="client"/> may be tried now, otherwise the time left.</summary>
    public TimeSpan RetryAfter(string user, IPAddress? client)
    {
        var now = _time.GetUtcNow();
        lock (_entries)
        {
            var wait = TimeSpan.Zero;
            foreach (var key in Keys(user, client))
            {
                if (_entries.TryGetValue(key, out var entry) && entry.BlockedUntil > now)
                {
                    wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, (entry.BlockedUntil - now).Ticks));
                }
            }

            return wait;
        }
    }

    /// <summary>A login failed: counts against both the user name and the address; past the threshold each failure doubles the lockout.</summary>
    public void Failed(string user, IPAddress? client)
    {
        var now = _time.GetUtcNow();
        lock (_entries)
        {
            var threshold = _options.UserFailuresBeforeDelay;
            foreach (var key in Keys(user, client))
            {
                if (!_entries.TryGetValue(key, out var entry))
                {
                    MakeRoom(now);
                    entry = new Entry();
                    _entries[key] = entry;
                }
                else if (now - entry.LastFailure > _options.Window)
                {
                    entry.Failures = 0;
                }

                entry.Failures++;
                entry.LastFailure = now;
                if (entry.Failures > threshold)
                {
                    // 2^30 * BaseDelay is past any sensible cap; the shift must not overflow.
                    var doublings = Math.Min(entry.Failures - threshold - 1, 30);
                    var delay = TimeSpan.FromTicks(Math.Min(_options.MaxDelay.Ticks, _options.BaseDelay.Ticks * (1L << doublings)));
                    entry.BlockedUntil = now + delay;
                }

                threshold = _options.AddressFailuresBeforeDelay;
            }
        }
    }

    /// <summary>
    /// A login succeeded: the user name starts afresh. The address keeps its count until the window
    /// passes, so an attacker cannot wipe it by logging in to an account of their own between guesses.
    /// </summary>
    public void Succeeded(string user)
    {
        lock (_entries)
        {
            _entries.Remove(UserKey(user));
        }
    }

    /// <summary>Tracked entries (tests).</summary>
    internal int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    static IEnumerable<string> Keys(string user, IPAddress? client)
    {
        // The user key first: Failed applies the user threshold to the first key and the address one after.
        yield return UserKey(user);
        if (client is not null)
        {
            yield return AddressKey(client);
        }
    }

    // Hashed, so a 64 KiB LOGIN literal costs the same few bytes as a real address, and the table
    // never holds what was typed as a user name.
    static string UserKey(string user) =>
        "u:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(user.Normalize(NormalizationForm.FormC).ToUpperInvariant())));

    static string AddressKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // One subscriber usually holds a whole /64 (RFC 6177), so that is the unit, not the address.
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }

        return "a:" + address;
    }

    /// <summary>Called under the lock before adding: forget expired entries, then if still full the stalest one.</summary>
    void MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < _options.MaxEntries)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LastFailure > _options.Window && entry.BlockedUntil <= now)
            {
                _entries.Remove(key);
            }
        }

        if (_entries.Count >= _options.MaxEntries)
        {
            _entries.Remove(_entries.MinBy(e => e.Value.LastFailure).Key);
        }
    }

    sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset BlockedUntil { get; set; }
    }
}
