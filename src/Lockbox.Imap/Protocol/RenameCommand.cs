// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>RENAME existing new (RFC 3501 section 6.3.5; renaming INBOX moves its messages).</summary>
public sealed record RenameCommand(string From, string To) : ImapCommand(ImapVerb.Rename);
