// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>CREATE mailbox (RFC 3501 section 6.3.3). The name is decoded (modified UTF-7 or UTF-8).</summary>
public sealed record CreateCommand(string Mailbox) : ImapCommand(ImapVerb.Create);
