// SPDX-License-Identifier: MIT
using System.Reflection;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Reading;
using Lockbox.Web.Pages;
using Lockbox.Web.Rendering;
using Lockbox.Web.Security;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lockbox.Web.Endpoints;

/// <summary>
/// The routes that answer with content rather than a page: a message's sanitised HTML body for its sandboxed frame,
/// a part's download, and the one stylesheet. All GET (they change nothing); each sets its own CSP.
/// </summary>
internal static class MailContentEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/mail/body", BodyAsync);
        routes.MapGet("/mail/part", PartAsync);
        routes.MapGet("/assets/lockbox.css", Stylesheet);
    }

    /// <summary>GET /mail/body?box=&amp;uid=&amp;images=1: the sanitised HTML body as its own document, for the message page's iframe.</summary>
    static Task<IResult> BodyAsync(HttpContext context, WebSessionRegistry registry, string box, long uid, int? images) =>
        WithMessageAsync(context, registry, box, uid, async (mail, ct) =>
        {
            var message = await mail.ReadMessageAsync(box, uid, ct);
            if (message.HtmlBody is not { } html)
            {
                return Results.NotFound();
            }

            var remote = images == 1;
            var sanitized = MailHtmlSanitizer.Sanitize(html, remote, id => InlineImage(message, id));
            context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.BodyPolicy(remote);
            // The message page (same origin) frames it; nobody else may.
            context.Response.Headers.XFrameOptions = "SAMEORIGIN";
            return Results.Content(sanitized.Html, "text/html; charset=utf-8");
        });

    /// <summary>GET /mail/part?box=&amp;uid=&amp;part=N: one part, decoded, as a download with its content type and file name.</summary>
    static Task<IResult> PartAsync(HttpContext context, WebSessionRegistry registry, string box, long uid, int part) =>
        WithMessageAsync(context, registry, box, uid, async (mail, ct) =>
        {
            // A part index the message does not have is MessageNotFoundException: 404 below.
            var content = await mail.OpenPartAsync(box, uid, part, ct);
            var type = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(content.MediaType, out var parsed) ? parsed.MediaType.Value! : "application/octet-stream";
            context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.DownloadPolicy;
            // Always a download: a text/html or image/svg+xml part opened in place would run as this origin's page.
            context.Response.Headers.ContentDisposition = DownloadName.ContentDisposition(content.FileName, inline: false);
            return Results.Bytes(content.Content, type.ToLowerInvariant());
        });

    /// <summary>A data: URL for the inline image with this Content-ID (RFC 2392), or null when the message has none (or it was too large).</summary>
    static string? InlineImage(ReadableMessage message, string contentId) =>
        message.InlineImages.FirstOrDefault(i => string.Equals(i.ContentId, contentId.Trim('<', '>'), StringComparison.OrdinalIgnoreCase)) is { } image
            ? "data:" + image.MediaType + ";base64," + Convert.ToBase64String(image.Content)
            : null;

    static async Task<IResult> WithMessageAsync(HttpContext context, WebSessionRegistry registry, string box, long uid, Func<IMailSession, CancellationToken, Task<IResult>> respond)
    {
        var session = await registry.FindAsync(SessionCookie.Read(context));
        if (session is null)
        {
            return Results.Unauthorized();
        }

        if (session.Access == MailAccess.PublicKeyOnly)
        {
            // Zero-access: the server holds no key, so there is no body to show (the message page explains why).
            return Results.NotFound();
        }

        try
        {
            using var lease = await session.AcquireAsync(context.RequestAborted);
            var options = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value;
            var metadata = await lease.Mail.GetMetadataAsync(box, [uid], context.RequestAborted);
            if (!metadata.TryGetValue(uid, out var meta) || meta.Size > options.MaxDisplayedMessageBytes)
            {
                return Results.NotFound();
            }

            return await respond(lease.Mail, context.RequestAborted);
        }
        catch (Exception e) when (e is MailboxNotFoundException or MessageNotFoundException or ObjectDisposedException)
        {
            return Results.NotFound();
        }
        catch (SessionOutdatedException)
        {
            // As SignedInPageModel does: the mailbox was encrypted under this session; a new sign-in unlocks the key.
            await registry.SignOutAsync(context);
            return Results.Redirect(LoginModel.OutdatedPath);
        }
    }

    static IResult Stylesheet(HttpContext context)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Lockbox.Web.lockbox.css")
            ?? throw new InvalidOperationException("the stylesheet is not embedded");
        // Not mail: the one response a browser may keep.
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Stream(stream, "text/css; charset=utf-8");
    }
}
