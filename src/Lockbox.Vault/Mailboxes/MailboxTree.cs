// SPDX-License-Identifier: MIT
using Lockbox.Storage;

namespace Lockbox.Vault.Mailboxes;

/// <summary>Creating mailboxes that may already exist, for CREATE's superiors and for import's folders.</summary>
internal static class MailboxTree
{
    /// <summary>Creates each of <paramref name="names"/> (valid, canonical, outermost first) that does not exist yet.</summary>
    public static async Task CreateMissingAsync(IMailStore store, long userId, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            if (await store.FindMailboxAsync(userId, name, cancellationToken) is null)
            {
                try
                {
                    await store.CreateMailboxAsync(userId, name, role: null, cancellationToken);
                }
                catch (StoreConflictException)
                {
                    // Another session created it meanwhile: exactly what was wanted.
                }
            }
        }
    }
}
