// SPDX-License-Identifier: MIT
using Lockbox.Vault.Caching;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Search;

namespace Lockbox.Vault.Sessions;

/// <summary>SEARCH over the encrypted search index (docs/decisions/0009).</summary>
internal sealed partial class MailSession
{
    /// <summary>Loads and caches search documents; set by <see cref="SessionService"/>.</summary>
    internal SearchIndex? SearchIndex { get; init; }

    public Task<IReadOnlyList<long>> SearchAsync(string mailbox, SearchQuery query, CancellationToken cancellationToken) => Available<IReadOnlyList<long>>(async () =>
    {
        ArgumentNullException.ThrowIfNull(query);
        var predicate = SearchEvaluator.Compile(query);
        var box = await RequireMailboxAsync(mailbox, cancellationToken);
        if (Access == MailAccess.PublicKeyOnly && SearchEvaluator.NeedsContent(query))
        {
            throw new SearchUnavailableException("this mailbox is encrypted to a key the server does not hold, so its text cannot be searched");
        }

        var rows = await RowsAsync(box, cancellationToken);
        var messages = rows.Rows;
        var documents = !SearchEvaluator.NeedsDocument(query) ? null
            : Access == MailAccess.PublicKeyOnly ? await ServedSizesAsync(mailbox, rows, cancellationToken)
            : await DocumentsAsync(rows, compact: !SearchEvaluator.NeedsFullDocument(query), cancellationToken);
        var matches = new List<long>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (predicate(messages[i], documents?[i]))
            {
                matches.Add(messages[i].Uid);
            }
        }

        return matches;
    });

    async Task<SearchDocument[]> DocumentsAsync(MailboxRows rows, bool compact, CancellationToken cancellationToken)
    {
        if (compact && await rows.CompactDocumentsAsync() is { } known)
        {
            return known;
        }

        var index = SearchIndex ?? throw new InvalidOperationException("the session has no search index");
        var documents = await index.LoadAsync(_state, rows.Rows, compact, cancellationToken);
        return compact ? rows.KeepCompactDocuments(documents) : documents;
    }
}
