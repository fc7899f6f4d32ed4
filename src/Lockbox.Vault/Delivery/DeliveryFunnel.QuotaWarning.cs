// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Quota;

namespace Lockbox.Vault.Delivery;

/// <summary>The quota warning (docs/decisions/0041): Dovecot's <c>quota_warning</c>, built in.</summary>
public sealed partial class DeliveryFunnel
{
    /// <summary>
    /// After a delivery of <paramref name="addedBytes"/> to <paramref name="user"/> (the row as read before it) was stored:
    /// if it took the user across the warning threshold, stores the notice in their INBOX through this funnel. The
    /// delivery stands whatever happens here; a notice that cannot be stored now is logged, not retried.
    /// </summary>
    async Task WarnIfCrossedAsync(UserRecord user, long addedBytes, CancellationToken cancellationToken)
    {
        if (!_quota.CrossedWarning(user, addedBytes))
        {
            return;
        }

        try
        {
            var inbox = await _store.FindMailboxAsync(user.Id, "INBOX", cancellationToken);
            if (inbox is null)
            {
                return;
            }

            var now = user with { StoredBytes = user.StoredBytes + addedBytes };
            using var notice = new MemoryStream(QuotaNotice.Compose(
                user.Address, now.StoredBytes, _quota.LimitOf(now)!.Value, _quota.WarningPercent, _quota.Temporary, DateTimeOffset.UtcNow));
            await AppendAsync(now, inbox, notice, SystemFlags.None, DateTime.UtcNow, cancellationToken);
            Log.QuotaWarned(_logger, user.Address, _quota.WarningPercent);
        }
        catch (Exception e) when (e is MailboxOperationException or MailboxNotFoundException or StoreUnavailableException or IOException)
        {
            Log.QuotaWarningNotStored(_logger, e, user.Address);
        }
    }
}
