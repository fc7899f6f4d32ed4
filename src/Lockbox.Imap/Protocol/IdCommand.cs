// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>ID (fields) or ID NIL (RFC 2971); <see cref="Fields"/> is empty for NIL.</summary>
public sealed record IdCommand(EquatableList<IdField> Fields) : ImapCommand(ImapVerb.Id);
