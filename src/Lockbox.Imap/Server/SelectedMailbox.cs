// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Server;

/// <summary>
/// The selected mailbox as this session last told the client: message sequence number n is
/// <c>Messages[n - 1]</c> (RFC 3501 section 2.3.1.2). It changes only when the client is told.
/// </summary>
/// <param name="Info">The mailbox's UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ at selection or last refresh.</param>
/// <param name="Messages">The messages in UID order.</param>
/// <param name="ReadOnly">Selected with EXAMINE.</param>
internal sealed record SelectedMailbox(MailboxInfo Info, IReadOnlyList<MessageInfo> Messages, bool ReadOnly)
{
    public string Name => Info.Name;
}
