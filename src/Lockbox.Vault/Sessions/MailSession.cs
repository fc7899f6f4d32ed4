// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Changes;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Delivery;

namespace Lockbox.Vault.Sessions;

/// <summary>One login. Front ends hold it as <see cref="IMailSession"/>: no key, no ciphertext to decrypt themselves.</summary>
internal sealed partial class MailSession : IMailSession
{
    readonly UnlockedUser _state;
    readonly IMailStore _store;
    readonly MessageBlobs _blobs;
    readonly Resealer _resealer;
    readonly DeliveryFunnel _funnel;
    readonly MailboxChanges _changes;
    readonly BlobReaper _reaper;
    Action<UnlockedUser>? _release;

    public MailSession(
        UnlockedUser state, IMailStore store, MessageBlobs blobs, Resealer resealer, DeliveryFunnel funnel, Action<UnlockedUser> release,
        MailboxChanges changes, BlobReaper reaper)
    {
        _changes = changes;
        _reaper = reaper;
        _state = state;
        _store = store;
        _blobs = blobs;
        _resealer = resealer;
        _funnel = funnel;
        _release = release;
    }

    /// <summary>The shared unlocked state (tests check that sessions share it).</summary>
    internal UnlockedUser State => _state;

    public string Address => _state.User.Address;

    public MailAccess Access => _state.User.Encryption switch
    {
        EncryptionState.Encrypted => MailAccess.Decrypting,
        EncryptionState.PublicKeyOnly => MailAccess.PublicKeyOnly,
        _ => MailAccess.Cleartext,
    };

    public Task<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(CancellationToken cancellationToken) =>
        Available<IReadOnlyList<MailboxInfo>>(async () => [.. (await _store.ListMailboxesAsync(_state.User.Id, cancellationToken)).Select(m =>
            new MailboxInfo(m.Name, m.Role is { } role and not SpecialUse.Inbox ? role.ToString() : null, m.UidValidity, m.UidNext, m.HighestModSeq, m.Subscribed))]);

    public Task<IReadOnlyList<MessageInfo>> ListMessagesAsync(string mailbox, CancellationToken cancellationToken) =>
        Available(async () => (await RowsAsync(await RequireMailboxAsync(mailbox, cancellationToken), cancellationToken)).Infos);

    public Task<Stream> OpenMessageAsync(string mailbox, long uid, CancellationToken cancellationToken) => Available(async () =>
    {
        var box = await RequireMailboxAsync(mailbox, cancellationToken);
        var message = await _store.FindMessageAsync(box.Id, uid, cancellationToken)
            ?? throw new MessageNotFoundException($"no message with UID {uid}");
        if (IsServedWrapped(message))
        {
            return await OpenWrappedAsync(message, cancellationToken);
        }

        return message.IsEncrypted ? OpenDecrypting(message) : await _blobs.OpenReadAsync(message.BlobId, cancellationToken);
    });

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _release, null)?.Invoke(_state);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Runs one session call. A store that cannot answer now (a full disk, a locked file, a database that is down or
    /// failing over) reaches the front end as the contract's <see cref="MailboxError.Unavailable"/>: that command fails and
    /// may be retried, and the session goes on, as RFC 5530's UNAVAILABLE says (STYLE.md section 5; docs/decisions/0035).
    /// Without it the storage exception would end an IMAP session (BYE) and fail a web page (500).
    /// </summary>
    static async Task<T> Available<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StoreUnavailableException e)
        {
            throw Unavailable(e);
        }
    }

    /// <inheritdoc cref="Available{T}(Func{Task{T}})"/>
    static async Task Available(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (StoreUnavailableException e)
        {
            throw Unavailable(e);
        }
    }

    /// <summary>The contract's form of a store that cannot answer now; logins use it too (<see cref="SessionService"/>).</summary>
    internal static MailboxOperationException Unavailable(StoreUnavailableException e) =>
        new(MailboxError.Unavailable, "The mail store cannot be reached now; try again later", e);

    async Task<MailboxRecord> RequireMailboxAsync(string name, CancellationToken cancellationToken) =>
        await _store.FindMailboxAsync(_state.User.Id, name, cancellationToken) ?? throw new MailboxNotFoundException("no such mailbox");

    /// <summary>System flags as "\\Seen" etc., then the keywords. Messages without keywords share one array per combination.</summary>
    static string[] FlagNames(SystemFlags flags, IReadOnlyList<string> keywords) =>
        keywords.Count == 0 && (int)flags < SystemFlagNames.Length ? SystemFlagNames[(int)flags] : [.. SystemNames(flags), .. keywords];

    static string[] SystemNames(SystemFlags flags) => [.. Enum.GetValues<SystemFlags>().Where(f => f != SystemFlags.None && flags.HasFlag(f)).Select(f => "\\" + f)];

    static readonly string[][] SystemFlagNames = [.. Enumerable.Range(0, 1 << Enum.GetValues<SystemFlags>().Count(f => f != SystemFlags.None)).Select(f => SystemNames((SystemFlags)f))];
}
