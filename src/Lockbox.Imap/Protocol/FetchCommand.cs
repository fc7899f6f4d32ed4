// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// [UID] FETCH set items [(CHANGEDSINCE n)] (RFC 3501 section 6.4.5, RFC 7162 section 3.1.4). Macros are
/// expanded; a UID FETCH does not add UID itself (the handler does, RFC 3501 section 6.4.8).
/// </summary>
public sealed record FetchCommand(bool Uid, SequenceSet Set, EquatableList<FetchAtt> Attributes, ulong? ChangedSince)
    : ImapCommand(ImapVerb.Fetch);
