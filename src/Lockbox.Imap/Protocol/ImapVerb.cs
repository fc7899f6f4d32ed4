// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>The commands Lockbox understands (RFC 3501 section 6 and the extensions of issue 4).</summary>
public enum ImapVerb
{
    Capability,
    Noop,
    Logout,
    StartTls,
    Authenticate,

    /// <summary>A client line answering a SASL challenge (RFC 3501 section 6.2.2), not a command.</summary>
    AuthenticateResponse,
    Login,
    Select,
    Examine,
    Create,
    Delete,
    Rename,
    Subscribe,
    Unsubscribe,
    List,
    Lsub,
    Status,
    Append,
    Check,
    Close,
    Expunge,
    Search,
    Fetch,
    Store,
    Copy,
    Move,
    Idle,

    /// <summary>The DONE line that ends IDLE (RFC 2177 section 3), not a command.</summary>
    Done,
    Namespace,
    Id,
    Enable,
    Unselect,
    GetQuotaRoot,
    GetQuota,
    SetQuota,
}
