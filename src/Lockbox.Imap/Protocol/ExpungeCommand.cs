// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>EXPUNGE (RFC 3501 section 6.4.3) or UID EXPUNGE set (UIDPLUS, RFC 4315 section 2.1) when <see cref="UidSet"/> is set.</summary>
public sealed record ExpungeCommand(SequenceSet? UidSet) : ImapCommand(ImapVerb.Expunge);
