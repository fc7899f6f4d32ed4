// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Reading;
using Lockbox.Vault.Reading;
using MimeKit;

namespace Lockbox.Vault.Sessions;

/// <summary>Reading for front ends that show mail rather than serve bytes (the webmail, docs/decisions/0025): MIME parsed here, in memory.</summary>
internal sealed partial class MailSession
{
    public Task<ReadableMessage> ReadMessageAsync(string mailbox, long uid, CancellationToken cancellationToken) =>
        Available(async () => ReadableMessages.From(await LoadMimeAsync(mailbox, uid, cancellationToken)));

    public Task<MessagePartContent> OpenPartAsync(string mailbox, long uid, int part, CancellationToken cancellationToken) =>
        Available(async () => ReadableMessages.Part(await LoadMimeAsync(mailbox, uid, cancellationToken), part)
            ?? throw new MessageNotFoundException($"no part {part} in the message with UID {uid}"));

    public Task<IReadOnlyDictionary<long, MessageSummary>> GetSummariesAsync(string mailbox, IReadOnlyList<long> uids, CancellationToken cancellationToken) =>
        Available<IReadOnlyDictionary<long, MessageSummary>>(async () =>
            (await GetMetadataAsync(mailbox, uids, cancellationToken)).ToDictionary(m => m.Key, m => MessageSummaries.Of(m.Value)));

    /// <summary>The message as <see cref="OpenMessageAsync"/> serves it, parsed in memory.</summary>
    internal async Task<MimeMessage> LoadMimeAsync(string mailbox, long uid, CancellationToken cancellationToken)
    {
        await using var stream = await OpenMessageAsync(mailbox, uid, cancellationToken);
        return await MessageParsing.LoadAsync(stream, cancellationToken);
    }
}
