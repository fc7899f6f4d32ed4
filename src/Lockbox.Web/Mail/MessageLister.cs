// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;

namespace Lockbox.Web.Mail;

/// <summary>
/// The folder list and the message list, from Vault's session API only. Sorting by date needs no decryption, so
/// only the shown page's metadata is read; the other keys need every listed message's metadata, which Vault keeps
/// decrypted in the session's memory after the first read (docs/decisions/0014).
/// </summary>
public static class MessageLister
{
    /// <summary>Every mailbox with its total and unread counts, INBOX first, then by name.</summary>
    public static async Task<IReadOnlyList<MailboxSummary>> ListMailboxesAsync(IMailSession mail, CancellationToken cancellationToken)
    {
        var result = new List<MailboxSummary>();
        foreach (var mailbox in await mail.ListMailboxesAsync(cancellationToken))
        {
            var messages = await mail.ListMessagesAsync(mailbox.Name, cancellationToken);
            var unread = messages.Count(m => !HasFlag(m.Flags, "\\Seen"));
            result.Add(new MailboxSummary(mailbox.Name, mailbox.SpecialUse, messages.Count, unread));
        }

        return [.. result.OrderBy(m => m.Name != "INBOX").ThenBy(m => m.Name, StringComparer.Ordinal)];
    }

    /// <summary>One page of <paramref name="mailbox"/>, optionally only the messages the encrypted index finds for <paramref name="search"/>.</summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox (the same for another user's).</exception>
    /// <exception cref="SearchUnavailableException">A search in a zero-access mailbox.</exception>
    public static async Task<MessagePage> ListMessagesAsync(
        IMailSession mail, string mailbox, MessageSort sort, bool descending, int page, int pageSize, string? search, CancellationToken cancellationToken)
    {
        IReadOnlyList<MessageInfo> messages = await mail.ListMessagesAsync(mailbox, cancellationToken);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var found = (await mail.SearchAsync(mailbox, new SearchQuery.Text(SearchTextScope.Text, null, search.Trim()), cancellationToken)).ToHashSet();
            messages = [.. messages.Where(m => found.Contains(m.Uid))];
        }

        var pageCount = Math.Max(1, (messages.Count + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pageCount);
        IReadOnlyList<MessageRow> rows;
        if (sort == MessageSort.Date)
        {
            var ordered = descending ? messages.OrderByDescending(m => m.InternalDate).ThenByDescending(m => m.Uid) : messages.OrderBy(m => m.InternalDate).ThenBy(m => m.Uid);
            var shown = ordered.Skip((page - 1) * pageSize).Take(pageSize).ToList();
            rows = await RowsAsync(mail, mailbox, shown, cancellationToken);
        }
        else
        {
            var all = await RowsAsync(mail, mailbox, messages, cancellationToken);
            IEnumerable<MessageRow> ordered = sort switch
            {
                MessageSort.From => Order(all, r => r.From, descending),
                MessageSort.Subject => Order(all, r => r.Subject, descending),
                _ => descending ? all.OrderByDescending(r => r.Size).ThenByDescending(r => r.Uid) : all.OrderBy(r => r.Size).ThenBy(r => r.Uid),
            };
            rows = [.. ordered.Skip((page - 1) * pageSize).Take(pageSize)];
        }

        return new MessagePage(rows, page, pageCount, messages.Count);
    }

    static IOrderedEnumerable<MessageRow> Order(IEnumerable<MessageRow> rows, Func<MessageRow, string> key, bool descending) =>
        descending
            ? rows.OrderByDescending(key, StringComparer.CurrentCultureIgnoreCase).ThenByDescending(r => r.Uid)
            : rows.OrderBy(key, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Uid);

    static async Task<IReadOnlyList<MessageRow>> RowsAsync(IMailSession mail, string mailbox, IReadOnlyList<MessageInfo> messages, CancellationToken cancellationToken)
    {
        var summaries = await mail.GetSummariesAsync(mailbox, [.. messages.Select(m => m.Uid)], cancellationToken);
        var rows = new List<MessageRow>(messages.Count);
        foreach (var message in messages)
        {
            // A message expunged by another session between the two calls has no metadata: it is simply not listed.
            if (summaries.TryGetValue(message.Uid, out var summary))
            {
                rows.Add(new MessageRow(
                    message.Uid,
                    summary.Sender,
                    summary.Subject,
                    message.InternalDate,
                    summary.Size,
                    HasFlag(message.Flags, "\\Seen"),
                    HasFlag(message.Flags, "\\Flagged"),
                    summary.HasAttachment));
            }
        }

        return rows;
    }

    internal static bool HasFlag(IReadOnlyList<string> flags, string flag) => flags.Any(f => f.Equals(flag, StringComparison.OrdinalIgnoreCase));
}
