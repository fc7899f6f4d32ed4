// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// [UID] STORE set [(UNCHANGEDSINCE n)] [+|-]FLAGS[.SILENT] flags (RFC 3501 section 6.4.6, RFC 7162
/// section 3.1.3). Flags keep the case the client sent.
/// </summary>
public sealed record StoreCommand(bool Uid, SequenceSet Set, StoreMode Mode, bool Silent, EquatableList<string> Flags, ulong? UnchangedSince)
    : ImapCommand(ImapVerb.Store);
