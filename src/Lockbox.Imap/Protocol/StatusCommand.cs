// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>STATUS mailbox (items) (RFC 3501 section 6.3.10).</summary>
public sealed record StatusCommand(string Mailbox, EquatableList<StatusItem> Items) : ImapCommand(ImapVerb.Status);
