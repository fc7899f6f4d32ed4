// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Storage.Blobs;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Quota;

namespace Lockbox.Vault.Delivery;

/// <summary>Storage quotas in the funnel (docs/decisions/0041): the check after the blob, and the warning, Dovecot's <c>quota_warning</c> built in.</summary>
public sealed partial class DeliveryFunnel
{
    /// <summary>
    /// Whether <paramref name="blob"/>, committed for <paramref name="user"/> (the row as read before the write), leaves no
    /// room under their quota; then it is deleted, and nothing of the message stays. Only after the commit is the stored size
    /// known (ciphertext, trace headers), so delivery and APPEND both check here.
    /// </summary>
    async Task<bool> DroppedOverQuotaAsync(UserRecord user, string recipient, StoredBlob blob)
    {
        if (!_quota.LacksRoom(user, blob.Size))
        {
            return false;
        }

        Log.OverQuota(_logger, recipient, blob.Size);
        await _blobs.DeleteAsync(blob.Id, CancellationToken.None);
        return true;
    }

    /// <summary>
    /// After a delivery of <paramref name="addedBytes"/> to <paramref name="before"/> (the user row as read before it) was
    /// committed: if the user is now at the warning threshold and has not had the notice for it, stores the notice in their
    /// INBOX through this funnel; if they are under it again, makes the next crossing warn again. The delivery stands
    /// whatever happens here.
    /// </summary>
    /// <remarks>
    /// Judged from the row read before the delivery, which costs no read of its own: that row misses other deliveries to
    /// the user in flight, so deliveries crossing the threshold together may each see the usage under it, and then the
    /// next delivery, which sees it over, warns. The notice is claimed in the store (<see cref="IMailStore.SetQuotaWarnedAsync"/>),
    /// so of several that see the usage over it, on any node, one stores it. A notice that cannot be stored gives its claim
    /// back, and the next delivery tries again.
    /// </remarks>
    async Task WarnIfDueAsync(UserRecord before, long addedBytes, CancellationToken cancellationToken)
    {
        try
        {
            if (!_quota.AtWarning(before, addedBytes))
            {
                if (before.QuotaWarned)
                {
                    await _store.SetQuotaWarnedAsync(before.Id, false, cancellationToken);
                }

                return;
            }

            if (!before.QuotaWarned && await _store.SetQuotaWarnedAsync(before.Id, true, cancellationToken))
            {
                await StoreNoticeAsync(before with { StoredBytes = before.StoredBytes + addedBytes }, cancellationToken);
            }
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
