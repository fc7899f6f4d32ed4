// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Delivery;
using Lockbox.Vault.Mailboxes;

namespace Lockbox.Vault.Import;

/// <summary>
/// <c>lockbox import</c>: streams an existing Maildir or mbox through the delivery funnel, so imported mail
/// is encrypted like delivered mail, with its flags and arrival time (docs/decisions/0016). Each stored
/// message is journalled in its own transaction, so an interrupted import resumes where it stopped and a
/// repeated one adds nothing.
/// </summary>
public sealed class MailImporter
{
    readonly IMailStore _store;
    readonly DeliveryFunnel _funnel;
    readonly AuditLog _audit;

    internal MailImporter(IMailStore store, DeliveryFunnel funnel, AuditLog audit)
    {
        _store = store;
        _funnel = funnel;
        _audit = audit;
    }

    /// <summary>Imports every message of <paramref name="path"/>; an mbox goes to <paramref name="mailbox"/>.</summary>
    /// <exception cref="VaultException">No such user, or the source cannot be read.</exception>
    /// <exception cref="Contracts.MailboxOperationException">
    /// A folder name is invalid here, the store cannot take mail now (policy, key, store), or the user's quota is full: what
    /// was imported stays, and a run after the cause is gone goes on from there.
    /// </exception>
    public async Task<ImportProgress> ImportAsync(
        string address, ImportFormat format, string path, string mailbox, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        var messages = ReadSource(format, path, MailboxName.Validate(mailbox));
        var state = new ImportProgress(0, messages.Count, 0, 0);
        progress?.Report(state);
        foreach (var message in messages)
        {
            var key = await JournalKeyAsync(message, cancellationToken);
            var imported = !await _store.WasImportedAsync(user.Id, key, cancellationToken);
            if (imported)
            {
                var box = await MailboxAsync(user.Id, message.Mailbox, cancellationToken);
                await using var content = message.Open();
                var stored = await _funnel.AppendAsync(user, box, content, message.Flags, message.InternalDate, cancellationToken, key);
                // The quota check of the next message counts what this import stored so far (docs/decisions/0041).
                user = user with { StoredBytes = user.StoredBytes + stored.StoredSize };
            }

            state = imported
                ? state with { Done = state.Done + 1, Imported = state.Imported + 1 }
                : state with { Done = state.Done + 1, Skipped = state.Skipped + 1 };
            progress?.Report(state);
        }

        if (state.Imported > 0)
        {
            await _audit.RecordAsync(user.Address, "mail-imported", $"{state.Imported} messages from a {format} source", cancellationToken);
        }

        return state;
    }

    static IReadOnlyList<SourceMessage> ReadSource(ImportFormat format, string path, string mailbox)
    {
        try
        {
            return format == ImportFormat.Maildir ? MaildirSource.Read(path) : MboxSource.Read(path, mailbox);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new VaultException($"cannot read {path}: {e.Message}", e);
        }
    }

    async Task<MailboxRecord> MailboxAsync(long userId, string name, CancellationToken cancellationToken)
    {
        if (await _store.FindMailboxAsync(userId, name, cancellationToken) is { } existing)
        {
            return existing;
        }

        await MailboxTree.CreateMissingAsync(_store, userId, [.. MailboxName.Superiors(name), name], cancellationToken);
        return await _store.FindMailboxAsync(userId, name, cancellationToken)
            ?? throw new VaultException($"mailbox {name} vanished while importing");
    }

    /// <summary>
    /// SHA-256 over the target mailbox and the message's bytes as stored: the same message in the same
    /// folder is one message, whatever its file name or mbox position. The Message-ID is inside the bytes.
    /// </summary>
    static async Task<byte[]> JournalKeyAsync(SourceMessage message, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes("lockbox-import-v1\0" + message.Mailbox + "\0"));
        await using var content = message.Open();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return hash.GetHashAndReset();
    }
}
