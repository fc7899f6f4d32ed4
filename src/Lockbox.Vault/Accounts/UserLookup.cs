// SPDX-License-Identifier: MIT
using Lockbox.Storage;

namespace Lockbox.Vault.Accounts;

/// <summary>Finding the user an address names for a verb that needs one, with the one refusal every verb gives.</summary>
internal static class UserLookup
{
    /// <exception cref="VaultException">No such user.</exception>
    public static async Task<UserRecord> RequireUserAsync(this IMailStore store, string address, CancellationToken cancellationToken) =>
        await store.FindUserAsync(address, cancellationToken) ?? throw new VaultException($"no such user: {address}");
}
