// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;
using Lockbox.Vault.Contracts;

namespace Lockbox.Lmtp.Server;

/// <summary>
/// LMTP's instruments on the meter <c>Lockbox.Lmtp</c> (docs/decisions/0032): refusals by a fixed reason, never
/// by address. Deliveries that succeed are counted where they are stored (Vault's <c>lockbox.deliveries</c>).
/// </summary>
public static class LmtpMetrics
{
    /// <summary>The meter name the host subscribes to.</summary>
    public const string MeterName = "Lockbox.Lmtp";

    static readonly Meter s_meter = new(MeterName);

    static readonly Counter<long> s_failures = s_meter.CreateCounter<long>(
        "lockbox.lmtp.failures", unit: "{recipient}", description: "Recipients refused, by reason (temporary, permanent, unknown_user, too_big)");

    internal static void Failed(string reason, int recipients = 1) =>
        s_failures.Add(recipients, new KeyValuePair<string, object?>("reason", reason));

    internal static void Failed(IReadOnlyList<DeliveryResult> results)
    {
        foreach (var result in results)
        {
            if (result.Status != DeliveryStatus.Stored)
            {
                Failed(result.Status switch
                {
                    DeliveryStatus.PermanentFailure => "permanent",
                    DeliveryStatus.StorageFull => "storage_full",
                    DeliveryStatus.OverQuota or DeliveryStatus.OverQuotaTemporary => "over_quota",
                    _ => "temporary",
                });
            }
        }
    }
}
