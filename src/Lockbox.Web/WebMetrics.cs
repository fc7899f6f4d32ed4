// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;

namespace Lockbox.Web;

/// <summary>The webmail's instruments on the meter <c>Lockbox.Web</c> (docs/decisions/0032): sign-ins by result, never by address.</summary>
public static class WebMetrics
{
    /// <summary>The meter name the host subscribes to.</summary>
    public const string MeterName = "Lockbox.Web";

    static readonly Meter s_meter = new(MeterName);

    static readonly Counter<long> s_logins = s_meter.CreateCounter<long>(
        "lockbox.web.logins", unit: "{login}", description: "Webmail sign-ins, by result (ok, failed, throttled)");

    internal static void Login(string result) => s_logins.Add(1, new KeyValuePair<string, object?>("result", result));
}
