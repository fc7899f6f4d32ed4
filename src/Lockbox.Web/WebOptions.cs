// SPDX-License-Identifier: MIT
using Lockbox.FrontEnd.Throttling;

namespace Lockbox.Web;

/// <summary>The webmail's settings (configuration section <c>Web</c>). Each default says where it comes from.</summary>
public sealed class WebOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Web";

    /// <summary>
    /// Serve HTTPS on the web listener with the certificate IMAPS uses (<c>Tls:CertificatePath</c>/<c>Tls:KeyPath</c>, or the
    /// self-signed one under the data directory). Off by default: DESIGN.md section 5 names http://127.0.0.1:8080, which
    /// suits a TLS-terminating reverse proxy in front; turn it on whenever browsers connect directly.
    /// </summary>
    public bool Tls { get; set; }

    /// <summary>
    /// A web session unused this long is closed and its Vault session disposed (the key is dropped). OWASP's session
    /// management cheat sheet suggests 15-30 minutes for ordinary applications; 20 is in between.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>A web session ends this long after login however busy it is (OWASP: an absolute timeout of a few hours).</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Login attempts (POST /login) per client address per minute, before Vault is asked at all (HTTP 429 beyond).</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>Failed-login backoff per user and address; one throttle is shared with IMAP when both run in one process.</summary>
    public LoginThrottleOptions LoginThrottle { get; set; } = new();

    /// <summary>Messages on one page of the message list (Roundcube's default mail_pagesize is 50).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>
    /// The largest request body a form may carry. Forms are read into memory only, never into a temp file (no plaintext
    /// on disk), so this is also the memory one request may take. 30 MB is Kestrel's own MaxRequestBodySize default.
    /// </summary>
    public int MaxFormBytes { get; set; } = 30_000_000;

    /// <summary>The largest message the webmail parses for display, in bytes; larger ones are offered as a download only.</summary>
    public long MaxDisplayedMessageBytes { get; set; } = 64L * 1024 * 1024;
}
