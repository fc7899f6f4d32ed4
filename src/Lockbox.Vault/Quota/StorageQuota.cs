// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Contracts;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault.Quota;

/// <summary>
/// Storage quotas (docs/decisions/0041): a user's limit is their own (<see cref="UserRecord.QuotaBytes"/>) or the server's
/// (<see cref="QuotaOptions.StorageLimit"/>), and counts the stored (ciphertext) bytes of all their messages, which the
/// store reads with the user row (<see cref="UserRecord.StoredBytes"/>): callers pass a row read for the operation at hand.
/// The check is made before a row is committed, not inside its transaction, so concurrent deliveries can take a mailbox
/// over its limit by the messages in flight, as in Dovecot.
/// </summary>
internal sealed class StorageQuota(IOptions<QuotaOptions> options)
{
    readonly QuotaOptions _options = options.Value;

    /// <summary>Whether mail for a full mailbox is refused for now (the MTA keeps it) rather than for good (<see cref="QuotaOptions.Temporary"/>).</summary>
    public bool Temporary => _options.Temporary;

    /// <summary>What a delivery refused for the quota ends as.</summary>
    public DeliveryStatus Refusal => Temporary ? DeliveryStatus.OverQuotaTemporary : DeliveryStatus.OverQuota;

    /// <summary>What a recipient refused for the quota gets at RCPT time.</summary>
    public RecipientCheck RecipientRefusal => Temporary ? RecipientCheck.OverQuotaTemporary : RecipientCheck.OverQuota;

    /// <summary>The user's limit in bytes, or null for none (a limit of 0 is none).</summary>
    public long? LimitOf(UserRecord user) => (user.QuotaBytes ?? _options.StorageLimit) is > 0 and var limit ? limit : null;

    public QuotaUsage UsageOf(UserRecord user) => new(user.StoredBytes, LimitOf(user));

    /// <summary>
    /// Whether the user lacks room for <paramref name="incomingBytes"/> more: a mailbox already at its limit takes nothing
    /// (so a message of unknown size, 0 here, is refused too), any other takes what fits under the limit.
    /// </summary>
    public bool LacksRoom(UserRecord user, long incomingBytes) =>
        LimitOf(user) is { } limit && (user.StoredBytes >= limit || user.StoredBytes + incomingBytes > limit);

    /// <summary>
    /// Whether the usage the row holds plus <paramref name="addedBytes"/> is at <see cref="QuotaOptions.WarningPercent"/> of the
    /// user's limit or beyond; false without a limit or with the warning off.
    /// </summary>
    public bool AtWarning(UserRecord user, long addedBytes) =>
        _options.WarningPercent is > 0 and <= 100 && LimitOf(user) is { } limit && user.StoredBytes + addedBytes >= limit / 100 * _options.WarningPercent;

    /// <summary>The warning threshold, in percent of the limit.</summary>
    public int WarningPercent => _options.WarningPercent;
}
