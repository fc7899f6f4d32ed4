// SPDX-License-Identifier: MIT
using Lockbox.Imap.Server;
using Lockbox.Lmtp.Server;
using Lockbox.Storage;
using Lockbox.Vault;
using Lockbox.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Lockbox.Hosting;

/// <summary>
/// The web listener's operator routes (docs/decisions/0032): <c>/healthz</c> (the process answers), <c>/readyz</c>
/// (listeners bound and the store answering) and, when <c>Metrics:Enabled</c>, the Prometheus scrape endpoint
/// <c>/metrics</c> over every Lockbox meter, reachable from <c>Metrics:AllowedNetworks</c> only.
/// </summary>
internal static class Observability
{
    const string MetricsPath = "/metrics";

    /// <summary>Registers readiness and, when configured, the OpenTelemetry meter provider with the Prometheus exporter.</summary>
    public static void AddLockboxObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Readiness>();
        var options = new MetricsOptions();
        // Binding appends to the get-only AllowedNetworks list.
        builder.Configuration.GetSection("Metrics").Bind(options);
        builder.Services.AddSingleton(options);
        if (!options.Enabled)
        {
            return;
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(VaultMetrics.MeterName, LmtpMetrics.MeterName, ImapMetrics.MeterName, WebMetrics.MeterName, StorageMetrics.MeterName)
            // No cached scrape: a scraper polls every few seconds at most, and a test reads the counters right after acting.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>Maps the routes; call before the web's own pipeline so the scrape endpoint sees its requests first.</summary>
    public static void UseLockboxObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<MetricsOptions>();
        if (options.Enabled)
        {
            // Outside the allowed networks the request falls through to the web pipeline, which answers 404.
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == MetricsPath && options.Allows(context.Connection.RemoteIpAddress));
        }
    }

    /// <summary>Maps <c>/healthz</c> and <c>/readyz</c> (plain text, no caching).</summary>
    public static void MapLockboxProbes(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", async (Readiness readiness, CancellationToken cancellationToken) =>
            await readiness.CheckAsync(cancellationToken) is { } problem
                ? Results.Text(problem + "\n", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("ready\n"));
    }
}
