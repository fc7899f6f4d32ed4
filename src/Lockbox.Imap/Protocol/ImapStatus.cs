// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>The condition of a status response (RFC 3501 section 7.1).</summary>
public enum ImapStatus
{
    Ok,
    No,
    Bad,
    PreAuth,
    Bye,
}
