// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>SELECT or EXAMINE mailbox [(CONDSTORE)] (RFC 3501 sections 6.3.1-2, RFC 7162 section 3.2.8).</summary>
public sealed record SelectCommand(ImapVerb Verb, string Mailbox, bool Condstore) : ImapCommand(Verb)
{
    /// <summary>True for EXAMINE.</summary>
    public bool ReadOnly => Verb == ImapVerb.Examine;
}
