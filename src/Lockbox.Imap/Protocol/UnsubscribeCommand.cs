// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>UNSUBSCRIBE mailbox (RFC 3501 section 6.3.7).</summary>
public sealed record UnsubscribeCommand(string Mailbox) : ImapCommand(ImapVerb.Unsubscribe);
