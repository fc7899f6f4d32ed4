// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>LSUB reference pattern (RFC 3501 section 6.3.9).</summary>
public sealed record LsubCommand(string Reference, string Pattern) : ImapCommand(ImapVerb.Lsub);
