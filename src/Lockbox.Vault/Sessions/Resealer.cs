// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.Storage;

namespace Lockbox.Vault.Sessions;

/// <summary>
/// Moves index records that arrived encrypted to the public key (no session may be open at delivery) under
/// the mailbox key, at login, so that each later login costs one asymmetric operation instead of one per
/// message (DESIGN.md section 4). The blobs stay as delivered: standard OpenPGP that gpg opens.
/// </summary>
internal sealed class Resealer(IMailStore store)
{
    /// <summary>Re-seals every pending record of the user. Returns how many, and how long it took.</summary>
    public async Task<(int Count, TimeSpan Duration)> ResealAllAsync(UnlockedUser state, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var count = 0;
        foreach (var mailbox in await store.ListMailboxesAsync(state.User.Id, cancellationToken))
        {
            var updates = new List<MetadataUpdate>();
            foreach (var message in await store.ListMessagesAsync(mailbox.Id, cancellationToken))
            {
                if (message.MetadataForm == MetadataForm.PublicKey)
                {
                    updates.Add((await MetadataOpener.OpenAsync(state, message, cancellationToken)).Reseal!);
                }
            }

            await SaveAsync(updates, cancellationToken);
            count += updates.Count;
        }

        return (count, Stopwatch.GetElapsedTime(started));
    }

    public async Task SaveAsync(IReadOnlyList<MetadataUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count > 0)
        {
            await store.UpdateMetadataAsync(updates, cancellationToken);
        }
    }
}
