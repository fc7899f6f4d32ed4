// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault;

/// <summary>
/// Vault's instruments on the meter <c>Lockbox.Vault</c> (docs/decisions/0032). Tags are small fixed sets
/// (an outcome, a result): never an address or a mailbox name, for privacy and cardinality. Static because
/// one process runs one Vault; the host exports them only when <c>Metrics:Enabled</c> is on.
/// </summary>
public static class VaultMetrics
{
    /// <summary>The meter name the host subscribes to.</summary>
    public const string MeterName = "Lockbox.Vault";

    static readonly Meter s_meter = new(MeterName);
    static int s_unlockWaiting;
    static int s_missingBlobs;

    static readonly Counter<long> s_deliveries = s_meter.CreateCounter<long>(
        "lockbox.deliveries", unit: "{recipient}", description: "Deliveries per recipient, by outcome (stored, temporary_failure, permanent_failure)");

    static readonly Histogram<double> s_deliveryDuration = s_meter.CreateHistogram<double>(
        "lockbox.delivery.duration", unit: "ms", description: "One message through the funnel: read, encrypt per recipient, fsync, index");

    static readonly Histogram<double> s_encryptionDuration = s_meter.CreateHistogram<double>(
        "lockbox.encryption.duration", unit: "ms", description: "Opening one recipient's OpenPGP message: the public-key operation that wraps its session key (the symmetric part streams within the delivery)");

    static readonly Counter<long> s_logins = s_meter.CreateCounter<long>(
        "lockbox.logins", unit: "{login}", description: "Logins through Vault (IMAP and web), by result (ok, failed)");

    static readonly Histogram<double> s_unlockDuration = s_meter.CreateHistogram<double>(
        "lockbox.unlock.duration", unit: "ms", description: "A login that unlocked a user's key (Argon2 and key unwrap)");

    static readonly ObservableGauge<int> s_unlockQueue = s_meter.CreateObservableGauge(
        "lockbox.unlock.queue", () => Volatile.Read(ref s_unlockWaiting), unit: "{request}", description: "Argon2 runs waiting for a slot of the unlock gate");

    static readonly Counter<long> s_leftoversRemoved = s_meter.CreateCounter<long>(
        "lockbox.leftovers.removed", unit: "{file}", description: "Leftovers of failed writes removed by the startup check or the sweep, by kind (temp, orphan)");

    static readonly ObservableGauge<int> s_missingBlobsGauge = s_meter.CreateObservableGauge(
        "lockbox.blobs.missing", () => Volatile.Read(ref s_missingBlobs), unit: "{row}", description: "Index rows whose blob file was gone at the last check or sweep: damage from outside");

    internal static void Delivered(DeliveryStatus status) =>
        s_deliveries.Add(1, new KeyValuePair<string, object?>("outcome", status switch
        {
            DeliveryStatus.Stored => "stored",
            DeliveryStatus.TemporaryFailure => "temporary_failure",
            DeliveryStatus.StorageFull => "storage_full",
            DeliveryStatus.OverQuota or DeliveryStatus.OverQuotaTemporary => "over_quota",
            _ => "permanent_failure",
        }));

    internal static void DeliveryTook(TimeSpan elapsed) => s_deliveryDuration.Record(elapsed.TotalMilliseconds);

    internal static void EncryptionTook(TimeSpan elapsed) => s_encryptionDuration.Record(elapsed.TotalMilliseconds);

    internal static void Login(bool ok) => s_logins.Add(1, new KeyValuePair<string, object?>("result", ok ? "ok" : "failed"));

    internal static void UnlockTook(TimeSpan elapsed) => s_unlockDuration.Record(elapsed.TotalMilliseconds);

    internal static void UnlockQueued() => Interlocked.Increment(ref s_unlockWaiting);

    internal static void UnlockDequeued() => Interlocked.Decrement(ref s_unlockWaiting);

    internal static void LeftoversChecked(int tempFiles, int orphans, int missing)
    {
        s_leftoversRemoved.Add(tempFiles, new KeyValuePair<string, object?>("kind", "temp"));
        s_leftoversRemoved.Add(orphans, new KeyValuePair<string, object?>("kind", "orphan"));
        Volatile.Write(ref s_missingBlobs, missing);
    }
}
