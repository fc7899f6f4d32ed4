// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp;

/// <summary>Limits of the LMTP server (configuration section <c>Lmtp</c>). Each default says where it comes from.</summary>
public sealed class LmtpOptions
{
    /// <summary>The name in the greeting and LHLO reply. Default: the machine name.</summary>
    public string HostName { get; set; } = Environment.MachineName;

    /// <summary>
    /// Longest command line, CRLF included. RFC 5321 section 4.5.3.1.4 says 512 octets; Postfix
    /// (line_length_limit) allows 2048, and so do we, since parameters can be long.
    /// </summary>
    public int MaxCommandLineLength { get; set; } = 2048;

    /// <summary>
    /// Largest message in bytes, advertised with SIZE (RFC 1870). Postfix's default message_size_limit
    /// is about 10 MB; mail with 20 MB attachments is common, so the default is 64 MiB.
    /// </summary>
    public long MaxMessageSize { get; set; } = 64L << 20;

    /// <summary>Recipients per transaction. RFC 5321 section 4.5.3.1.8 asks for at least 100.</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>Bad commands in a row before 421 and close. Dovecot's max_bad_commands is 10.</summary>
    public int MaxBadCommands { get; set; } = 10;

    /// <summary>Idle time before 421 and close. RFC 5321 section 4.5.3.2.7 suggests 5 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// On the TCP listener, refuse MAIL for now (451 4.7.0, so the MTA keeps the mail) until the client has run STARTTLS
    /// (RFC 3207), so mail from
    /// an MTA on another host never crosses the network in clear (Postfix: <c>lmtp_tls_security_level = encrypt</c>). Off
    /// by default, like Dovecot's <c>ssl = yes</c>. The Unix socket is local and never offers or needs TLS.
    /// </summary>
    public bool RequireTls { get; set; }
}
