// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Encodings.Web;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web;

/// <summary>
/// The one answer of every page and content route when Vault says the mail store cannot answer now (PostgreSQL down or
/// failing over, a locked SQLite file): <see cref="MailboxOperationException"/> or <see cref="KeyPortalException"/> with
/// the error Unavailable becomes 503 with <c>Retry-After</c> and a fixed page, logged once at Warning, instead of an
/// unhandled exception and a 500. The page holds no mail and no exception text. A handler that says it its own way
/// catches the exception first and never reaches this: the list's actions (<see cref="Mail.ActionNotices"/>), the
/// Security forms' refusals, and the compose form, which keeps what was typed.
/// </summary>
internal sealed class StoreUnavailableMiddleware(RequestDelegate next, ILogger<StoreUnavailableMiddleware> logger)
{
    /// <summary>Seconds a client should wait (RFC 9110 section 10.2.3): a failover or a busy lock is over in seconds, or not soon.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>What the page says.</summary>
    public const string Text = "Your mail cannot be read right now. Try again in a moment.";

    // The layout's frame without the signed-in header: rendering the Razor layout here would run the page machinery
    // again for a request that has already failed in it. The list's notice, if the URL carries one, goes in between.
    const string PageStart =
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>Mail unavailable - Lockbox</title>
            <link rel="stylesheet" href="/assets/lockbox.css">
        </head>
        <body>
            <header class="top">
                <span class="brand">Lockbox</span>
            </header>
            <main id="main">
                <h1>Mail unavailable</h1>

        """;

    const string PageEnd =
        $"""
                <p class="notice">{Text}</p>
            </main>
        </body>
        </html>

        """;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsUnavailable(e) && !context.Response.HasStarted)
        {
            // The path only: the query can hold a search term (docs/threat-model.md). The reason is the store's own line
            // (what it could not do, and the database's error code), not the stack: an outage fails every request alike.
            Log.StoreUnavailable(logger, context.Request.Method, context.Request.Path, e is MailboxOperationException refusal ? refusal.Reason : e.Message);
            var response = context.Response;
            // Drops whatever the handler had set (a download's Content-Disposition, say); the security headers are added
            // when the response starts (SecurityHeaders.Apply), so they stay.
            response.Clear();
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(PageStart + NoticeOf(context.Request) + PageEnd, context.RequestAborted);
        }
    }

    /// <summary>
    /// The notice the list would have shown (<see cref="Mail.ActionNotices"/>): a send whose Sent copy is missing redirects
    /// to the list, and if the store is still down there, this page is where the user must read it. Only the fixed
    /// sentences: the code in the URL selects one.
    /// </summary>
    static string NoticeOf(HttpRequest request) =>
        Mail.ActionNotices.Text(request.Query["notice"]) is { } sentence
            ? $"        <p class=\"notice\" role=\"status\">{HtmlEncoder.Default.Encode(sentence)}</p>\n"
            : "";

    static bool IsUnavailable(Exception e) =>
        e is MailboxOperationException { Error: MailboxError.Unavailable } or KeyPortalException { Error: KeyPortalError.Unavailable };
}
