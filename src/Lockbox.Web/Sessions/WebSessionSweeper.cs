// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lockbox.Web.Sessions;

/// <summary>
/// Closes idle web sessions even when their browser never comes back, so an abandoned login does not keep the
/// unlocked key in memory past <see cref="WebOptions.IdleTimeout"/> (plus at most a quarter of it, the sweep interval).
/// At host shutdown it closes every web session while Vault's services are still up (hosted services stop before the
/// container disposes them).
/// </summary>
internal sealed class WebSessionSweeper(WebSessionRegistry registry, IOptions<WebOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromTicks(Math.Clamp(options.Value.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await registry.SweepAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await registry.DisposeAsync();
    }
}
