// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>Whether an address can receive mail here.</summary>
public enum RecipientCheck
{
    /// <summary>A local user: accept the recipient.</summary>
    Local,

    /// <summary>No such user: reject permanently (LMTP 550 5.1.1, LDA exit 67).</summary>
    Unknown,

    /// <summary>The user exists but cannot receive now (e.g. the store is busy): 4xx.</summary>
    TemporaryFailure,

    /// <summary>
    /// The server requires encryption (<c>Encryption:Mode</c> = required) and the user has no key yet:
    /// defer, never store in clear (LMTP 450 4.7.0, LDA exit 75).
    /// </summary>
    KeyRequired,

    /// <summary>
    /// The user's mailbox is at its storage quota, or the message's declared size (MAIL SIZE=) would take it over: refuse
    /// permanently (LMTP 552 5.2.2, RFC 3463 "mailbox full"), so that the sender learns it (docs/decisions/0041).
    /// </summary>
    OverQuota,

    /// <summary>As <see cref="OverQuota"/>, where <c>Quota:Temporary</c> keeps such mail queued at the MTA: LMTP 452 4.2.2.</summary>
    OverQuotaTemporary,
}
