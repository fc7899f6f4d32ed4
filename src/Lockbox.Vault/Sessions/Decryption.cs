// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;

namespace Lockbox.Vault.Sessions;

/// <summary>Tries a user's keys in turn: mail stays encrypted to whichever key was active when it arrived.</summary>
internal static class Decryption
{
    /// <exception cref="NoMatchingKeyException">None of <paramref name="keys"/> opens it.</exception>
    public static async Task<T> WithAnyKeyAsync<T>(IReadOnlyList<UnlockedKey> keys, Func<UnlockedKey, Task<T>> open)
    {
        NoMatchingKeyException? last = null;
        foreach (var key in keys)
        {
            try
            {
                return await open(key);
            }
            catch (NoMatchingKeyException e)
            {
                last = e;
            }
        }

        throw last ?? new NoMatchingKeyException("the user has no secret key on this server");
    }
}
