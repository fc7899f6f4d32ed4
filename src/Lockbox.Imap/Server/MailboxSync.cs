// SPDX-License-Identifier: MIT
using Lockbox.Imap.Handlers;
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Server;

/// <summary>
/// Brings the selected snapshot up to date and says what changed, as untagged responses (RFC 3501
/// sections 7.3.1, 7.4.1 and 7.4.2): EXPUNGE for messages gone, FETCH (FLAGS) for messages whose
/// flags changed, EXISTS for new mail. Sequence numbers in the responses follow the client's view as
/// each response changes it, so EXPUNGEs go out from the highest number down.
/// </summary>
internal static class MailboxSync
{
    /// <summary>
    /// The end of a session whose selected mailbox was deleted or renamed by another session (RFC 2180
    /// section 3.3, as Dovecot does): IMAP has no response that unselects a mailbox under the client, and
    /// every sequence number and UID the client holds would refer to nothing.
    /// </summary>
    public static ImapResult Gone { get; } = new([new ImapStatusResponse(null, ImapStatus.Bye, null, "Selected mailbox was deleted or renamed")], Close: true);

    /// <summary>
    /// <paramref name="allowExpunge"/> is false during FETCH, STORE and SEARCH (RFC 3501 section 7.4.1: no
    /// EXPUNGE then): messages that are gone stay in the snapshot until a later command may report them.
    /// <c>Gone</c> is true, with no responses and the snapshot unchanged, when the mailbox no longer exists
    /// under its name or the name now holds another mailbox (a new UIDVALIDITY); the caller ends the
    /// session with <see cref="Gone"/> where it may.
    /// </summary>
    public static async Task<(IReadOnlyList<ImapResponse> Responses, SelectedMailbox Mailbox, bool Gone)> RefreshAsync(
        IMailSession mail, SelectedMailbox mailbox, bool allowExpunge, bool condStore, CancellationToken cancellationToken)
    {
        MailboxInfo? info;
        IReadOnlyList<MessageInfo> current;
        try
        {
            // The mailbox first: its HIGHESTMODSEQ then covers at most what the list shows, so a change
            // made in between is seen again next time rather than missed.
            info = await MailboxNames.FindAsync(mail, mailbox.Name, cancellationToken);
            if (info is null || info.UidValidity != mailbox.Info.UidValidity)
            {
                return ([], mailbox, true);
            }

            if (info.HighestModSeq == mailbox.Info.HighestModSeq && info.UidNext == mailbox.Info.UidNext)
            {
                return ([], mailbox, false);
            }

            current = await mail.ListMessagesAsync(mailbox.Name, cancellationToken);
        }
        catch (MailboxNotFoundException)
        {
            return ([], mailbox, true);
        }

        var responses = new List<ImapResponse>();
        var byUid = current.ToDictionary(m => m.Uid);
        var known = mailbox.Messages;
        var kept = new List<MessageInfo>(current.Count);
        var ghosts = false;
        if (allowExpunge)
        {
            for (var i = known.Count - 1; i >= 0; i--)
            {
                if (!byUid.ContainsKey(known[i].Uid))
                {
                    responses.Add(new ImapDataResponse([new ImapValue.Number((ulong)i + 1), new ImapValue.Atom("EXPUNGE")]));
                }
            }
        }

        foreach (var old in known)
        {
            if (byUid.TryGetValue(old.Uid, out var now))
            {
                if (!now.Flags.SequenceEqual(old.Flags) || (condStore && now.ModSeq != old.ModSeq))
                {
                    responses.Add(FlagFetch.Create((uint)kept.Count + 1, now.Uid, now.Flags, now.ModSeq, condStore));
                }

                kept.Add(now);
            }
            else if (!allowExpunge)
            {
                // Still numbered for the client; reported as expunged by a later NOOP, IDLE or EXPUNGE.
                kept.Add(old);
                ghosts = true;
            }
        }

        var lastKnown = known.Count == 0 ? 0 : known[^1].Uid;
        var arrived = current.Where(m => m.Uid > lastKnown).ToList();
        if (arrived.Count > 0)
        {
            kept.AddRange(arrived);
            // RFC 3501 section 7.3.1: the new count, after any EXPUNGE, which already lowered it.
            responses.Add(new ImapDataResponse([new ImapValue.Number((ulong)kept.Count), new ImapValue.Atom("EXISTS")]));
        }

        // With messages still to report as expunged, the snapshot is behind the mailbox: keep the old
        // HIGHESTMODSEQ so the next refresh looks again.
        var refreshed = ghosts ? info with { HighestModSeq = mailbox.Info.HighestModSeq } : info;
        return (responses, mailbox with { Info = refreshed, Messages = kept }, false);
    }
}
