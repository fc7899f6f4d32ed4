// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Quota;

namespace Lockbox.Vault.Delivery;

/// <summary>The quota warning (docs/decisions/0041): Dovecot's <c>quota_warning</c>, built in.</summary>
public sealed partial class DeliveryFunnel
{
    /// <summary>
    /// After a delivery to <paramref name="before"/> (the user row as read before it) was committed: if the user is now at
    /// the warning threshold and has not had the notice for it, stores the notice in their INBOX through this funnel; if
    /// they are under it again, makes the next crossing warn again. The delivery stands whatever happens here.
    /// </summary>
    /// <remarks>
    /// The row is read again, after the commit: a row read before the delivery misses other deliveries to the user in
    /// flight, so that several crossing the threshold together each saw the usage under it and none warned. The notice is
    /// claimed in the store (<see cref="IMailStore.SetQuotaWarnedAsync"/>), so of those that see the usage over it, on
    /// any node, one stores it. A notice that cannot be stored gives its claim back, and the next delivery tries again.
    /// </remarks>
    async Task WarnIfDueAsync(UserRecord before, CancellationToken cancellationToken)
    {
        if (!_quota.Warns(before) && !before.QuotaWarned)
        {
            return;
        }

        try
        {
            if (await _store.FindUserAsync(before.Address, cancellationToken) is not { } now)
            {
                return;
            }

            if (!_quota.AtWarning(now))
            {
                if (now.QuotaWarned)
                {
                    await _store.SetQuotaWarnedAsync(now.Id, false, cancellationToken);
                }

                return;
            }

            if (now.QuotaWarned || !await _store.SetQuotaWarnedAsync(now.Id, true, cancellationToken))
            {
                return;
            }

            await StoreNoticeAsync(now, cancellationToken);
        }
        catch (Exception e) when (e is StoreUnavailableException or IOException)
        {
            Log.QuotaWarningNotStored(_logger, e, before.Address);
        }
    }

    async Task StoreNoticeAsync(UserRecord user, CancellationToken cancellationToken)
    {
        try
        {
            var inbox = await _store.FindMailboxAsync(user.Id, "INBOX", cancellationToken)
                ?? throw new MailboxNotFoundException("no INBOX");
            using var notice = new MemoryStream(QuotaNotice.Compose(
                user.Address, user.StoredBytes, _quota.LimitOf(user)!.Value, _quota.WarningPercent, _quota.Temporary, DateTimeOffset.UtcNow));
            await AppendAsync(user, inbox, notice, SystemFlags.None, DateTime.UtcNow, cancellationToken);
            Log.QuotaWarned(_logger, user.Address, _quota.WarningPercent);
        }
        catch (Exception e) when (e is MailboxOperationException or MailboxNotFoundException or StoreUnavailableException or IOException)
        {
            Log.QuotaWarningNotStored(_logger, e, user.Address);
            await _store.SetQuotaWarnedAsync(user.Id, false, CancellationToken.None);
        }
    }
}
