// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// Why a mailbox operation was refused (after Dovecot's mail-error.h). Front ends map each to their
/// protocol's code in one place; IMAP uses the RFC 5530 response codes named here.
/// </summary>
public enum MailboxError
{
    /// <summary>The target name is taken (ALREADYEXISTS).</summary>
    AlreadyExists = 1,

    /// <summary>The mailbox has inferiors and cannot be deleted (HASCHILDREN, RFC 5530 section 3).</summary>
    HasChildren = 2,

    /// <summary>The name breaks the naming rules (CANNOT): it can never succeed.</summary>
    InvalidName = 3,

    /// <summary>The operation is never allowed on this mailbox, such as deleting INBOX (CANNOT).</summary>
    NotAllowed = 4,

    /// <summary>Storage failed for now; retrying later may work (UNAVAILABLE).</summary>
    Unavailable = 5,

    /// <summary>The user's storage quota does not leave room for it (OVERQUOTA, RFC 5530 section 3; docs/decisions/0041).</summary>
    OverQuota = 6,
}
