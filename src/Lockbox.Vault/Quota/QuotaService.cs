// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Quota;

/// <summary>The administrator's view of storage quotas (<c>lockbox user quota</c>; docs/decisions/0041).</summary>
public sealed class QuotaService
{
    readonly IMailStore _store;
    readonly StorageQuota _quota;

    internal QuotaService(IMailStore store, StorageQuota quota)
    {
        _store = store;
        _quota = quota;
    }

    /// <summary>The user's stored bytes, their limit, and whether the limit is their own (false: the server's default, or none).</summary>
    /// <exception cref="VaultException">No such user.</exception>
    public async Task<(QuotaUsage Usage, bool OwnLimit)> GetAsync(string address, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        return (_quota.UsageOf(user), user.QuotaBytes is not null);
    }

    /// <summary>
    /// Gives the user their own limit in bytes (0: none, whatever the default), or with null returns them to the server's
    /// <c>Quota:StorageLimit</c>. Mail already stored stays; a user over the new limit receives nothing until below it.
    /// </summary>
    /// <exception cref="VaultException">No such user, or a negative limit.</exception>
    public async Task SetAsync(string address, long? limitBytes, CancellationToken cancellationToken)
    {
        if (limitBytes < 0)
        {
            throw new VaultException($"a storage limit cannot be negative: {limitBytes}");
        }

        var user = await _store.RequireUserAsync(address, cancellationToken);
        if (!await _store.SetQuotaAsync(user.Id, limitBytes, cancellationToken))
        {
            throw new VaultException($"no such user: {address}");
        }
    }
}
