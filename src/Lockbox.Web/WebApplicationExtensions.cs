// SPDX-License-Identifier: MIT
using Lockbox.Web.Endpoints;
using Lockbox.Web.Security;
using Microsoft.AspNetCore.Builder;

namespace Lockbox.Web;

/// <summary>The web's request pipeline.</summary>
public static class WebApplicationExtensions
{
    /// <summary>
    /// Adds the security headers, the store-unavailable answer (<see cref="StoreUnavailableMiddleware"/>), the login rate
    /// limiter, the pages and the content routes. HTTP reaches only the web listener: the LMTP and IMAP listeners run their
    /// own connection handlers instead of Kestrel's HTTP layer.
    /// </summary>
    public static WebApplication MapLockboxWeb(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            SecurityHeaders.Apply(context.Response);
            return next(context);
        });
        // Around every page and route below, so one place turns Vault's "unavailable" into 503.
        app.UseMiddleware<StoreUnavailableMiddleware>();
        app.UseRateLimiter();
        app.UseRouting();
        MailContentEndpoints.Map(app);
        app.MapRazorPages();
        return app;
    }
}
