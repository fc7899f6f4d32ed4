// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Quota;

/// <summary>Settings of storage quotas (configuration section <c>Quota</c>; docs/decisions/0041).</summary>
public sealed class QuotaOptions
{
    /// <summary>The configuration section these settings bind to.</summary>
    public const string Section = "Quota";

    /// <summary>
    /// Every user's storage limit in bytes, unless <c>lockbox user quota</c> gave them their own. 0 (the default): no limit,
    /// as in Dovecot, where a storage rule of 0 means unlimited.
    /// </summary>
    public long StorageLimit { get; set; }

    /// <summary>
    /// False (the default, as Dovecot's <c>quota_full_tempfail = no</c>): mail for a full mailbox is refused permanently,
    /// LMTP 552 5.2.2, and the sender gets a bounce. True: 452 4.2.2, and the MTA keeps it queued until the owner makes
    /// room or its queue lifetime runs out.
    /// </summary>
    public bool Temporary { get; set; }

    /// <summary>
    /// The delivery that takes a user's usage to this percentage of their limit or beyond also leaves a notice in their
    /// INBOX (as Dovecot's <c>quota_warning</c> scripts do), so they can make room before mail is refused. 0 turns it off.
    /// </summary>
    public int WarningPercent { get; set; } = 90;
}
