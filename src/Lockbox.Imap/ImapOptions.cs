// SPDX-License-Identifier: MIT
using Lockbox.FrontEnd.Throttling;

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
    /// literals are held in memory, so the bound is small: Dovecot's imap-parser counts them against
    /// imap_max_line_length (imap_parser_literal_end), and we allow the same 64 KiB. Unlike Dovecot,
    /// which disconnects, a too large synchronizing literal only costs the command (BAD [TOOBIG]),
    /// since the client has not sent it yet; a non-synchronizing one is fatal.
    /// </summary>
    public int MaxLiteralSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest APPEND message. Its literal is streamed into the delivery funnel, never buffered.
    /// Stalwart's imap.request.max-size default is 50 MB; we match the LMTP message limit (64 MiB).
    /// </summary>
    public long MaxAppendSize { get; set; } = 64L << 20;

    /// <summary>
    /// Deepest parenthesised list. Commands need two or three levels (LIST RETURN (STATUS (...)),
    /// SEARCH groups); Dovecot's imap-parser relies on its line length alone. 16 leaves room for
    /// generous SEARCH grouping while bounding the parsers' recursion.
    /// </summary>
    public int MaxNestingDepth { get; set; } = 16;

    /// <summary>Bad commands in a row before BYE and close. Dovecot's imap-client.h CLIENT_MAX_BAD_COMMANDS is 20.</summary>
    public int MaxBadCommands { get; set; } = 20;

    /// <summary>
    /// Idle time of a logged-in client before BYE and close. RFC 3501 section 5.4: the autologout timer
    /// must be at least 30 minutes; RFC 2177 section 3 asks IDLE clients to re-issue IDLE at least every
    /// 29 minutes.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Idle time before BYE and close while not logged in, including the TLS handshake. Shorter than
    /// <see cref="IdleTimeout"/>: an unauthenticated connection holds no session a client would lose,
    /// and a short timer bounds how many sockets a scanner can park (Dovecot's login processes and
    /// Stalwart's imap.timeout.anonymous, 1 minute, do the same; RFC 3501 section 5.4's 30 minutes is
    /// about sessions).
    /// </summary>
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Failed-login backoff per user and per client address (configuration section <c>Imap:LoginThrottle</c>).</summary>
    public LoginThrottleOptions LoginThrottle { get; set; } = new();

    /// <summary>
    /// Allow LOGIN and AUTHENTICATE PLAIN on a connection that is neither TLS nor loopback. Off by
    /// default: RFC 3501 section 6.2.3 and RFC 8314 section 4 ask servers not to take cleartext
    /// passwords over an unprotected link (LOGINDISABLED, [PRIVACYREQUIRED] of RFC 5530).
    /// </summary>
    public bool AllowPlaintextAuth { get; set; }
}
