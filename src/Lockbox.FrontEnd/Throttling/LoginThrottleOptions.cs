// SPDX-License-Identifier: MIT
namespace Lockbox.FrontEnd.Throttling;

/// <summary>
/// How hard <see cref="LoginThrottle"/> pushes back on failed logins. Each default says where it comes from.
/// </summary>
public sealed class LoginThrottleOptions
{
    /// <summary>
    /// Failed logins for one user name within <see cref="Window"/> before backoff starts. fail2ban's
    /// maxretry default is 5; a user who mistypes twice and then fixes the saved password stays under 3.
    /// </summary>
    public int UserFailuresBeforeDelay { get; set; } = 3;

    /// <summary>
    /// Failed logins from one client address (IPv4 address, IPv6 /64) before backoff starts. Higher
    /// than the per-user one, because one NAT address can carry a whole office.
    /// </summary>
    public int AddressFailuresBeforeDelay { get; set; } = 10;

    /// <summary>
    /// The first lockout; each further failure doubles it. Dovecot's auth_failure_delay is 2 s.
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest lockout: a forgotten client retrying every minute is not locked out for hours.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A key's failures are forgotten this long after its last one (fail2ban's findtime is 10 minutes).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Tracked users and addresses together. At about 200 bytes an entry this bounds the throttle at
    /// about 2 MB; when full, the entry with the oldest failure makes room.
    /// </summary>
    public int MaxEntries { get; set; } = 10_000;
}
