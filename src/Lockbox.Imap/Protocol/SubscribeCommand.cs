// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>SUBSCRIBE mailbox (RFC 3501 section 6.3.6).</summary>
public sealed record SubscribeCommand(string Mailbox) : ImapCommand(ImapVerb.Subscribe);
