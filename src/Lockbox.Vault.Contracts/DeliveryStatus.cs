// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>How a delivery to one recipient ended.</summary>
public enum DeliveryStatus
{
    /// <summary>Durable on disk (blob and index row fsynced): LMTP may answer 250.</summary>
    Stored,

    /// <summary>Nothing stored; the MTA should retry (LMTP 451 4.3.0, LDA exit 75).</summary>
    TemporaryFailure,

    /// <summary>
    /// Nothing stored because the disk holding the blobs or the index is full; the MTA should retry (LMTP 452 4.3.1,
    /// "insufficient system storage", RFC 5321 section 4.2.3 and RFC 3463 X.3.1; LDA exit 75).
    /// </summary>
    StorageFull,

    /// <summary>Nothing stored and retrying will not help (e.g. the user vanished: 550).</summary>
    PermanentFailure,

    /// <summary>
    /// Nothing stored: the message would take the user over their storage quota (LMTP 552 5.2.2, LDA exit 77 EX_NOPERM,
    /// IMAP NO [OVERQUOTA]; docs/decisions/0041).
    /// </summary>
    OverQuota,

    /// <summary>As <see cref="OverQuota"/>, where <c>Quota:Temporary</c> keeps such mail queued at the MTA (LMTP 452 4.2.2, LDA exit 75).</summary>
    OverQuotaTemporary,
}
