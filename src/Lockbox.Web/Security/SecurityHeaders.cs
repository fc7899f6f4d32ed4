// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Http;

namespace Lockbox.Web.Security;

/// <summary>
/// The response headers every web response carries unless its endpoint set its own (docs/decisions/0022). The
/// pages run no inline script or style, so the page policy needs no 'unsafe-inline' and no nonce.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The pages' policy: only this origin's own files; framed by nobody; only the body frame may be framed.</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; frame-src 'self'; object-src 'none'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// A message body's policy (it is served to a sandboxed iframe): nothing loads but data: images (the message's own
    /// inline parts) and, once the reader asks, remote images; inline style is the only style mail has. The sandbox
    /// directive makes even a direct visit to the body URL a sandboxed document without scripts or forms.
    /// </summary>
    public static string BodyPolicy(bool remoteImages) =>
        "default-src 'none'; img-src data:" + (remoteImages ? " https: http:" : "") + "; style-src 'unsafe-inline'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

    /// <summary>A downloaded part's policy: whatever it is, the browser runs nothing of it.</summary>
    public const string DownloadPolicy = "default-src 'none'; sandbox";

    /// <summary>Adds the headers to <paramref name="response"/> when it starts, keeping those the endpoint set.</summary>
    public static void Apply(HttpResponse response)
    {
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            headers.TryAdd("Content-Security-Policy", PagePolicy);
            headers.TryAdd("X-Frame-Options", "DENY");
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("Referrer-Policy", "no-referrer");
            headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
            headers.TryAdd("Cross-Origin-Resource-Policy", "same-origin");
            // Every page shows mail or a form: nothing may be stored by the browser or a proxy (RFC 9111 section 5.2.2.5).
            headers.TryAdd("Cache-Control", "no-store");
            if (response.HttpContext.Request.IsHttps)
            {
                headers.TryAdd("Strict-Transport-Security", "max-age=31536000");
            }

            return Task.CompletedTask;
        });
    }
}
