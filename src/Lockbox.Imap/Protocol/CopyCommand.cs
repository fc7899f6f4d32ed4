// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>[UID] COPY or MOVE set mailbox (RFC 3501 section 6.4.7, MOVE RFC 6851).</summary>
public sealed record CopyCommand(ImapVerb Verb, bool Uid, SequenceSet Set, string Mailbox) : ImapCommand(Verb);
