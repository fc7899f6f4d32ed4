// SPDX-License-Identifier: MIT
namespace Lockbox.Imap;

/// <summary>Limits of the IMAP server (configuration section <c>Imap</c>). Each default says where it comes from.</summary>
public sealed class ImapOptions
{
    /// <summary>
    /// Longest command, counting every line of it with CRLF but not the literal bytes. Dovecot's
    /// imap_max_line_length is 64 KiB; RFC 7162 section 4 asks servers to accept at least 8192 octets.
    /// Exceeding it is fatal, because the end of the line is unknown (BYE, then close).
    /// </summary>
    public int MaxLineLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Buffered literal bytes in one command (LOGIN passwords, SEARCH strings, mailbox names). Such
    /// literals are held in memory, so the bound is small: Dovecot's imap-parser caps non-APPEND
    /// literals at its line length, and so do we.
    /// </summary>
    public int MaxLiteralSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest APPEND message. Its literal is streamed into the delivery funnel, never buffered.
    /// Stalwart's max_request_size default is 50 MB; we match the LMTP message limit (64 MiB).
    /// </summary>
    public long MaxAppendSize { get; set; } = 64L << 20;

    /// <summary>
    /// Deepest parenthesised list. SEARCH OR/NOT nesting and FETCH BODYSTRUCTURE-style lists never need
    /// more than a few levels; Dovecot's imap-parser has no cap and relies on its line length, Stalwart's
    /// receiver stops at 10. We allow 16.
    /// </summary>
    public int MaxNestingDepth { get; set; } = 16;

    /// <summary>Bad commands in a row before BYE and close. Dovecot's imap client default is 20 (CLIENT_MAX_BAD_COMMANDS).</summary>
    public int MaxBadCommands { get; set; } = 20;

    /// <summary>
    /// Idle time before BYE and close. RFC 3501 section 5.4: the autologout timer must be at least 30
    /// minutes; RFC 2177 section 3 asks IDLE clients to re-issue IDLE at least every 29 minutes.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
