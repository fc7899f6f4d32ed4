// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// STORE and UID STORE (RFC 3501 sections 6.4.6 and 6.4.8) with FLAGS, +FLAGS, -FLAGS and .SILENT, and
/// RFC 7162 section 3.1.3 UNCHANGEDSINCE: messages changed since then are left alone and listed in
/// [MODIFIED ...]. Each message's new flags go out as an untagged FETCH (not with .SILENT, except for
/// MODSEQ once CONDSTORE is on) and replace the snapshot's, so a later FETCH FLAGS agrees.
/// </summary>
internal sealed class StoreHandler : IImapHandler
{
    static readonly string[] Settable = [@"\Seen", @"\Answered", @"\Flagged", @"\Deleted", @"\Draft"];

    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (StoreCommand)request.Command;
        var selected = (ImapSessionState.LoggedIn.Selected)state;
        var mailbox = selected.Mailbox;
        var done = command.Uid ? "UID STORE completed" : "STORE completed";
        if (mailbox.ReadOnly)
        {
            // RFC 3501 section 6.3.2: EXAMINE is read-only, so STORE fails.
            return ImapResult.No(request.Tag, ResponseCode.Cannot, "Mailbox is read-only");
        }

        if (command.Flags.FirstOrDefault(f => f.StartsWith('\\') && !Settable.Contains(f, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            // \Recent is the server's alone (section 2.3.2), and other backslash names are not flags (section 9, flag).
            return ImapResult.Bad(request.Tag, "Cannot store the flag " + unknown);
        }

        if (MessageSet.HasInvalidNumber(command.Set, command.Uid, mailbox.Messages.Count))
        {
            return ImapResult.Bad(request.Tag, "Invalid message sequence number");
        }

        var targets = MessageSet.Resolve(command.Set, command.Uid, mailbox.Messages);
        if (command.UnchangedSince is not null)
        {
            // RFC 7162 section 3.1: UNCHANGEDSINCE is a CONDSTORE-enabling command.
            connection.Enabled.CondStore = true;
        }

        var condStore = connection.Enabled.CondStore;
        if (targets.Count == 0)
        {
            return ImapResult.Ok(request.Tag, done);
        }

        var change = command.Mode switch
        {
            StoreMode.Add => FlagChange.Add,
            StoreMode.Remove => FlagChange.Remove,
            _ => FlagChange.Replace,
        };
        StoreOutcome outcome;
        try
        {
            outcome = await selected.Mail.StoreFlagsAsync(
                mailbox.Name, [.. targets.Select(t => t.Message.Uid)], change, command.Flags, (long?)command.UnchangedSince, cancellationToken);
        }
        catch (MailboxNotFoundException)
        {
            return ImapResult.NoSuchMailbox(request.Tag);
        }
        catch (MailboxOperationException e)
        {
            return MailboxRefusal.For(request.Tag, e);
        }

        var byUid = outcome.Messages.ToDictionary(m => m.Uid);
        var responses = new List<ImapResponse>();
        var messages = new List<MessageInfo>(mailbox.Messages);
        foreach (var (number, message) in targets)
        {
            if (!byUid.TryGetValue(message.Uid, out var now))
            {
                continue;
            }

            var changed = now.ModSeq != message.ModSeq;
            messages[(int)number - 1] = message with { Flags = now.Flags, ModSeq = now.ModSeq };
            if (!command.Silent)
            {
                responses.Add(FlagFetch.Create(number, now.Uid, now.Flags, now.ModSeq, condStore));
            }
            else if (condStore && changed)
            {
                // RFC 7162 section 3.1.3: with .SILENT the client still learns the new MODSEQ.
                responses.Add(FlagFetch.Create(number, now.Uid, null, now.ModSeq, condStore));
            }
        }

        // The snapshot's HIGHESTMODSEQ stays: other sessions may have changed the mailbox too, and the next
        // NOOP or IDLE finds out by comparing it.
        var next = selected with { Mailbox = mailbox with { Messages = messages } };
        var status = outcome.Failed.Count == 0
            ? new ImapStatusResponse(request.Tag, ImapStatus.Ok, null, done)
            : new ImapStatusResponse(request.Tag, ImapStatus.Ok, ResponseCode.Modified(Failed(command.Uid, outcome.Failed, targets)), "Conditional STORE failed for some messages");
        return new ImapResult([.. responses, status], next);
    }

    /// <summary>RFC 7162 section 3.1.3: MODIFIED lists UIDs for UID STORE, sequence numbers for STORE.</summary>
    static SequenceSet Failed(bool uid, IReadOnlyList<long> failed, IReadOnlyList<(uint Number, MessageInfo Message)> targets)
    {
        if (uid)
        {
            return MessageSet.Compact(failed.Order());
        }

        var failedUids = failed.ToHashSet();
        return MessageSet.Compact(targets.Where(t => failedUids.Contains(t.Message.Uid)).Select(t => (long)t.Number));
    }
}
