// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;

namespace Lockbox.Imap.Server;

/// <summary>
/// IMAP's instruments on the meter <c>Lockbox.Imap</c> (docs/decisions/0032): connections (open now, and opened in
/// total, IMAP and IMAPS alike) and logins by result. No address or mailbox name is ever a tag.
/// </summary>
public static class ImapMetrics
{
    /// <summary>The meter name the host subscribes to.</summary>
    public const string MeterName = "Lockbox.Imap";

    static readonly Meter s_meter = new(MeterName);

    static readonly UpDownCounter<long> s_sessions = s_meter.CreateUpDownCounter<long>(
        "lockbox.imap.sessions", unit: "{connection}", description: "IMAP connections open now");

    static readonly Counter<long> s_opened = s_meter.CreateCounter<long>(
        "lockbox.imap.sessions.opened", unit: "{connection}", description: "IMAP connections accepted");

    static readonly Counter<long> s_logins = s_meter.CreateCounter<long>(
        "lockbox.imap.logins", unit: "{login}", description: "IMAP LOGIN and AUTHENTICATE, by result (ok, failed, throttled)");

    internal static void Opened()
    {
        s_opened.Add(1);
        s_sessions.Add(1);
    }

    internal static void Closed() => s_sessions.Add(-1);

    internal static void Login(string result) => s_logins.Add(1, new KeyValuePair<string, object?>("result", result));
}
