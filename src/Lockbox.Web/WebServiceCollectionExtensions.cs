// SPDX-License-Identifier: MIT
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Lockbox.FrontEnd.Throttling;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace Lockbox.Web;

/// <summary>Registers the webmail (issue 6). The host adds a web listener and calls <see cref="WebApplicationExtensions.MapLockboxWeb"/>.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Razor Pages, the session registry and its sweeper, anti-forgery, the login rate limiter and the
    /// <see cref="LoginThrottle"/> (the one already registered, IMAP's, when there is one: a client cannot double its
    /// guesses by switching protocol). Binds <see cref="WebOptions"/> from section <c>Web</c>. The caller registers
    /// Vault's <see cref="Vault.Contracts.ISessionService"/>.
    /// </summary>
    public static IServiceCollection AddLockboxWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebOptions>(configuration.GetSection(WebOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new LoginThrottle(sp.GetRequiredService<IOptions<WebOptions>>().Value.LoginThrottle, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WebSessionRegistry>();
        services.AddHostedService<WebSessionSweeper>();
        // Anti-forgery tokens are protected with Data Protection keys. Sessions live in memory and end with the
        // process, so the keys may too: nothing is written to ~/.aspnet/DataProtection-Keys.
        services.TryAddSingleton<IDataProtectionProvider>(sp => new EphemeralDataProtectionProvider(sp.GetRequiredService<ILoggerFactory>()));
        services.AddRazorPages()
            .AddApplicationPart(typeof(WebServiceCollectionExtensions).Assembly)
            .AddMvcOptions(o =>
            {
                // MVC's input and output formatters may buffer a body in a temp file past 30 KB; mail must not reach
                // the disk that way.
                o.SuppressInputFormatterBuffering = true;
                o.SuppressOutputFormatterBuffering = true;
            });
        // Razor's HTML encoder escapes everything outside Basic Latin by default (&#xF6; for ö): correct but it bloats
        // every non-English message list. Markup-significant characters are escaped whatever the ranges.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "lockbox_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
            // SecurityHeaders sends X-Frame-Options: DENY itself.
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddOptions<FormOptions>().Configure<IOptions<WebOptions>>((form, web) =>
        {
            // Form bodies (and, for the compose page to come, uploads) stay in memory up to the limit instead of
            // spilling to a temp file past FormOptions' 64 KB default: plaintext mail never reaches the disk.
            var limit = web.Value.MaxFormBytes;
            form.MemoryBufferThreshold = limit;
            form.BufferBodyLengthLimit = limit;
            form.MultipartBodyLengthLimit = limit;
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method) || !(context.Request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase)
                    || context.Request.Path.Equals("/password-change-required", StringComparison.OrdinalIgnoreCase)))
                {
                    return RateLimitPartition.GetNoLimiter("-");
                }

                var permits = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.LoginAttemptsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "-",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }
}
