// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Sessions;

/// <summary>Tries a user's keys in turn: mail stays encrypted to whichever key was active when it arrived.</summary>
internal static class Decryption
{
    /// <exception cref="NoMatchingKeyException">None of <paramref name="keys"/> opens it.</exception>
    /// <exception cref="SessionOutdatedException">There are no keys: the session began before the mailbox had any.</exception>
    public static async Task<T> WithAnyKeyAsync<T>(IReadOnlyList<UnlockedKey> keys, Func<UnlockedKey, Task<T>> open)
    {
        if (keys.Count == 0)
        {
            // A session holds no key only when its user had none at login (cleartext or zero-access): encrypted
            // mail that it now meets was encrypted after it began, and only a new login unlocks the new key.
            throw Outdated();
        }

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

        throw last!;
    }

    /// <summary>The error for a record sealed under the mailbox key that <paramref name="state"/> does not hold.</summary>
    /// <remarks>Every login of a user with a key opens the mailbox key; without any key, the session began before the mailbox was encrypted.</remarks>
    public static Exception NoMailboxKey(UnlockedUser state, string what) => state.Keys.Count == 0
        ? Outdated()
        : new InvalidOperationException($"user {state.User.Id} has an encrypted {what} but no mailbox key");

    /// <summary>The error for a session that meets encryption newer than itself.</summary>
    public static SessionOutdatedException Outdated() =>
        new("the mailbox was encrypted after this session began; log in again to read it");
}
