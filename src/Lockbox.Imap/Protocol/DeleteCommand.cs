// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>DELETE mailbox (RFC 3501 section 6.3.4).</summary>
public sealed record DeleteCommand(string Mailbox) : ImapCommand(ImapVerb.Delete);
