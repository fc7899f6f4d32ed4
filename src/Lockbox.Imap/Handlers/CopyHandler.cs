// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// COPY and UID COPY (RFC 3501 sections 6.4.7 and 6.4.8), MOVE and UID MOVE (RFC 6851), with COPYUID
/// (RFC 4315 section 3). The copies reuse the stored, encrypted form: Vault copies the index rows, nothing
/// is decrypted. A missing target gets [TRYCREATE] (section 6.4.7).
/// </summary>
internal sealed class CopyHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (CopyCommand)request.Command;
        var selected = (ImapSessionState.LoggedIn.Selected)state;
        var mailbox = selected.Mailbox;
        var move = command.Verb == ImapVerb.Move;
        var done = (command.Uid ? "UID " : "") + (move ? "MOVE" : "COPY") + " completed";
        if (move && mailbox.ReadOnly)
        {
            // RFC 6851 section 3.3: MOVE removes from the source, which EXAMINE forbids.
            return ImapResult.No(request.Tag, ResponseCode.Cannot, "Mailbox is read-only");
        }

        if (MessageSet.HasInvalidNumber(command.Set, command.Uid, mailbox.Messages.Count))
        {
            return ImapResult.Bad(request.Tag, "Invalid message sequence number");
        }

        var target = await MailboxNames.FindAsync(selected.Mail, command.Mailbox, cancellationToken);
        if (target is null)
        {
            return ImapResult.No(request.Tag, ResponseCode.TryCreate, "No such mailbox");
        }

        var uids = MessageSet.Resolve(command.Set, command.Uid, mailbox.Messages).Select(m => m.Message.Uid).ToList();
        if (uids.Count == 0)
        {
            // RFC 4315 section 3: no COPYUID when nothing was copied.
            return ImapResult.Ok(request.Tag, done);
        }

        CopyOutcome outcome;
        try
        {
            outcome = await selected.Mail.CopyMessagesAsync(mailbox.Name, uids, target.Name, move, cancellationToken);
        }
        catch (MailboxNotFoundException)
        {
            return ImapResult.No(request.Tag, ResponseCode.TryCreate, "No such mailbox");
        }
        catch (MailboxOperationException e)
        {
            return MailboxRefusal.For(request.Tag, e);
        }

        var copyUid = outcome.Pairs.Count == 0
            ? null
            : ResponseCode.CopyUid((uint)outcome.TargetUidValidity, MessageSet.Compact(outcome.Pairs.Select(p => p.Source)), MessageSet.Compact(outcome.Pairs.Select(p => p.Target)));
        if (!move && target.Name != mailbox.Name)
        {
            return new ImapResult([new ImapStatusResponse(request.Tag, ImapStatus.Ok, copyUid, done)]);
        }

        // RFC 6851 section 4.3: COPYUID comes untagged before the EXPUNGEs of the moved messages.
        var (responses, refreshed, gone) = await MailboxSync.RefreshAsync(selected.Mail, mailbox, allowExpunge: true, connection.Enabled.CondStore, cancellationToken);
        if (gone)
        {
            return MailboxSync.Gone;
        }

        List<ImapResponse> all = move && copyUid is not null
            ? [new ImapStatusResponse(null, ImapStatus.Ok, copyUid, "Moved"), .. responses, new ImapStatusResponse(request.Tag, ImapStatus.Ok, null, done)]
            : [.. responses, new ImapStatusResponse(request.Tag, ImapStatus.Ok, copyUid, done)];
        return new ImapResult(all, selected with { Mailbox = refreshed });
    }
}
