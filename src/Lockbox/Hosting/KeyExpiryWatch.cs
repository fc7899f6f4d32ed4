// SPDX-License-Identifier: MIT
using Lockbox.Vault.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lockbox.Hosting;

/// <summary>
/// Warns in the log, at start and then daily, about every user whose active key expires within 30 days or can no
/// longer be encrypted to (issue 5, item 7), so the administrator hears of it before mail starts to wait.
/// </summary>
internal sealed class KeyExpiryWatch(AccountService accounts, ILogger<KeyExpiryWatch> logger, TimeProvider time) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            foreach (var user in await accounts.ListUsersAsync(stoppingToken))
            {
                if (user.KeyWarning is { } warning)
                {
                    Log.KeyWarning(logger, user.Address, warning);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
