// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Caching;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Sessions;

/// <summary>Changes to a mailbox's messages, and waiting for anyone's changes (IMAP IDLE).</summary>
internal sealed partial class MailSession
{
    static readonly SystemFlags[] Settable = [SystemFlags.Seen, SystemFlags.Answered, SystemFlags.Flagged, SystemFlags.Deleted, SystemFlags.Draft];

    public Task<StoreOutcome> StoreFlagsAsync(
        string mailbox, IReadOnlyList<long> uids, FlagChange change, IReadOnlyList<string> flags, long? unchangedSince, CancellationToken cancellationToken) => Available(async () =>
    {
        var (system, keywords) = ParseFlags(flags);
        var box = await RequireMailboxAsync(mailbox, cancellationToken);
        var operation = change switch
        {
            FlagChange.Add => FlagOperation.Add,
            FlagChange.Remove => FlagOperation.Remove,
            _ => FlagOperation.Replace,
        };
        var cached = _state.Caches.Rows.Find(box);
        var result = await _store.UpdateFlagsAsync(box.Id, uids, operation, system, keywords, unchangedSince, cancellationToken);

        if (result.HighestModSeq != box.HighestModSeq)
        {
            KeepRowsCurrent(box, cached, result);
            _changes.Publish(box.Id);
        }

        return new StoreOutcome(
            [.. result.Messages.Select(m => new MessageFlagState(m.Uid, m.ModSeq, FlagNames(m.Flags, m.Keywords)))], result.Failed, result.HighestModSeq);
    });

    /// <summary>
    /// Files the cached rows again under the mailbox state this flag change made, with the changed rows replaced, when
    /// the change was the only one since <paramref name="box"/> was read (it raised HIGHESTMODSEQ by exactly one). The
    /// next command then needs no new listing of every row: after each \Seen the webmail sets on opening a message, a
    /// 10,000-message mailbox was read again whole (docs/benchmarks.md, webmail). Any other case lists again as before.
    /// </summary>
    void KeepRowsCurrent(MailboxRecord box, MailboxRows? cached, FlagUpdateResult result)
    {
        if (cached is null || result.HighestModSeq != box.HighestModSeq + 1)
        {
            return;
        }

        var changed = result.Messages.Where(m => m.ModSeq == result.HighestModSeq).ToDictionary(m => m.Uid);
        var rows = new MessageRecord[cached.Rows.Count];
        var infos = new MessageInfo[cached.Rows.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = cached.Rows[i];
            if (changed.TryGetValue(row.Uid, out var flags))
            {
                row = row with { Flags = flags.Flags, Keywords = flags.Keywords, ModSeq = flags.ModSeq };
                infos[i] = new MessageInfo(row.Uid, row.ModSeq, FlagNames(row.Flags, row.Keywords), row.InternalDate);
            }
            else
            {
                infos[i] = cached.Infos[i];
            }

            rows[i] = row;
        }

        var current = new MailboxRows(box with { HighestModSeq = result.HighestModSeq }, rows, infos);
        current.InheritCompactDocuments(cached);
        _state.Caches.Rows.Put(current);
    }

    public Task<ExpungeOutcome> ExpungeAsync(string mailbox, IReadOnlyList<long>? uids, CancellationToken cancellationToken) => Available(async () =>
    {
        var box = await RequireMailboxAsync(mailbox, cancellationToken);
        var result = await _store.ExpungeAsync(box.Id, uids, cancellationToken);

        if (result.Uids.Count > 0)
        {
            _changes.Publish(box.Id);
        }

        await _reaper.DeleteAsync(result.OrphanBlobs, cancellationToken);
        return new ExpungeOutcome(result.Uids, result.HighestModSeq);
    });

    public Task<CopyOutcome> CopyMessagesAsync(string mailbox, IReadOnlyList<long> uids, string target, bool move, CancellationToken cancellationToken) => Available(async () =>
    {
        var source = await RequireMailboxAsync(mailbox, cancellationToken);
        var destination = await RequireMailboxAsync(target, cancellationToken);
        // A copy adds its messages' sizes (a move adds nothing). Refused once the user is at the limit; below it a copy may
        // go over by what it copies, like concurrent deliveries (docs/decisions/0041).
        if (!move && _funnel.Quota.LacksRoom(await CurrentUserAsync(cancellationToken), 0))
        {
            throw new MailboxOperationException(MailboxError.OverQuota, "Mailbox is full");
        }

        CopyResult result;
        try
        {
            result = await _store.CopyMessagesAsync(source.Id, uids, destination.Id, move, cancellationToken);
        }
        catch (StoreConflictException e)
        {
            // One of the two was deleted between the lookup and the copy.
            throw new MailboxNotFoundException("no such mailbox", e);
        }

        if (result.Pairs.Count > 0)
        {
            _changes.Publish(destination.Id);
            if (move)
            {
                _changes.Publish(source.Id);
            }
        }

        return new CopyOutcome(result.TargetUidValidity, [.. result.Pairs.Select(p => new UidPair(p.Source, p.Target))]);
    });

    public Task<long> WaitForChangeAsync(string mailbox, long knownModSeq, CancellationToken cancellationToken) => Available(async () =>
    {
        var box = await RequireMailboxAsync(mailbox, cancellationToken);
        while (true)
        {
            // Subscribe before reading, so a commit between the read and the wait is not missed.
            var next = _changes.NextAsync(box.Id);
            var current = await RequireMailboxAsync(mailbox, cancellationToken);
            if (current.Id != box.Id || current.HighestModSeq > knownModSeq)
            {
                return current.HighestModSeq;
            }

            await next.WaitAsync(cancellationToken);
        }
    });

    /// <summary>System flags by name (RFC 3501 section 2.3.2, case-insensitive) and keywords (flag-keyword atoms).</summary>
    static (SystemFlags System, IReadOnlyList<string> Keywords) ParseFlags(IReadOnlyList<string> flags)
    {
        var system = SystemFlags.None;
        var keywords = new List<string>();
        foreach (var flag in flags)
        {
            if (flag.StartsWith('\\'))
            {
                // \Recent is set by the server only (section 2.3.2); other backslash names are not flags Lockbox knows.
                system |= Settable.FirstOrDefault(f => flag[1..].Equals(f.ToString(), StringComparison.OrdinalIgnoreCase)) is var parsed and not SystemFlags.None
                    ? parsed
                    : throw new ArgumentException("not a settable system flag: " + flag, nameof(flags));
            }
            else if (IsKeyword(flag))
            {
                keywords.Add(flag);
            }
            else
            {
                throw new ArgumentException("not a valid keyword", nameof(flags));
            }
        }

        return (system, keywords);
    }

    // flag-keyword = atom; ATOM-CHAR excludes SP, CTL, 8-bit and the atom-specials "(){%*"\]" (RFC 3501 section 9).
    static bool IsKeyword(string flag) =>
        flag.Length is > 0 and <= 200 && flag.All(c => c is > ' ' and < (char)0x7f && !"(){%*\"\\]".Contains(c, StringComparison.Ordinal));
}
