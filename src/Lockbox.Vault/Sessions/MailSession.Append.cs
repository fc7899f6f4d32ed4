// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Mailboxes;

namespace Lockbox.Vault.Sessions;

/// <summary>APPEND (RFC 3501 section 6.3.11) through the delivery funnel, so appended mail is encrypted like delivered mail.</summary>
internal sealed partial class MailSession
{
    public Task<AppendResult> AppendAsync(
        string mailbox, IReadOnlyCollection<string> flags, DateTimeOffset? internalDate, Stream message, CancellationToken cancellationToken) => Available(async () =>
    {
        var box = await RequireMailboxAsync(MailboxName.Canonical(mailbox), cancellationToken);
        // The store keeps whole seconds (RFC 3501 date-time has no finer part).
        var date = (internalDate ?? DateTimeOffset.UtcNow).UtcDateTime;
        var stored = await _funnel.AppendAsync(await CurrentUserAsync(cancellationToken), box, message, ParseFlags(flags), date, cancellationToken);
        return new AppendResult(box.UidValidity, stored.Uid);
    });

    /// <summary>
    /// The user's row as it is now, for what an administrator may have changed since the login (the storage limit, the
    /// encryption state): the unlocked state is shared by the user's sessions and outlives each of them.
    /// </summary>
    async Task<UserRecord> CurrentUserAsync(CancellationToken cancellationToken) =>
        await _store.FindUserAsync(_state.User.Address, cancellationToken) ?? _state.User;

    /// <summary>System flags by name; keywords are not stored yet, so they are dropped (RFC 3501 section 2.3.2 lets a server refuse them).</summary>
    static SystemFlags ParseFlags(IReadOnlyCollection<string> flags)
    {
        var result = SystemFlags.None;
        foreach (var flag in flags)
        {
            result |= flag.ToUpperInvariant() switch
            {
                "\\SEEN" => SystemFlags.Seen,
                "\\ANSWERED" => SystemFlags.Answered,
                "\\FLAGGED" => SystemFlags.Flagged,
                "\\DELETED" => SystemFlags.Deleted,
                "\\DRAFT" => SystemFlags.Draft,
                _ => SystemFlags.None,
            };
        }

        return result;
    }
}
