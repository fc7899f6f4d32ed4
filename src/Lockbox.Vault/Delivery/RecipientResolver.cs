// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault.Delivery;

/// <summary>
/// Finds the user an address delivers to: the address itself (case-insensitive, as the store
/// compares), else the address without its "+detail" (RFC 5233 sub-addressing).
/// </summary>
internal sealed class RecipientResolver
{
    readonly IMailStore _store;
    readonly string _delimiter;

    public RecipientResolver(IMailStore store, IOptions<VaultOptions> options)
    {
        _store = store;
        _delimiter = options.Value.RecipientDelimiter;
    }

    public async Task<UserRecord?> ResolveAsync(string address, CancellationToken cancellationToken)
    {
        if (await _store.FindUserAsync(address, cancellationToken) is { } user)
        {
            return user;
        }

        var at = address.LastIndexOf('@');
        var plus = _delimiter.Length == 0 || at < 0 ? -1 : address.IndexOf(_delimiter, 0, at, StringComparison.Ordinal);
        return plus > 0 ? await _store.FindUserAsync(address[..plus] + address[at..], cancellationToken) : null;
    }
}
