// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// APPEND (RFC 3501 section 6.3.11) with APPENDUID (RFC 4315 section 3). It runs in two steps because the
/// message is a literal the connection streams in: <see cref="CheckAsync"/> before the literal (so a
/// missing mailbox gets [TRYCREATE] before the client uploads anything), then <see cref="AppendAsync"/>
/// with the literal as a stream straight into Vault's delivery funnel.
/// </summary>
internal static class AppendHandler
{
    /// <summary>Null when the message may come, otherwise the tagged response that refuses it.</summary>
    public static async Task<ImapResult?> CheckAsync(ImapRequest request, ImapSessionState state, CancellationToken cancellationToken)
    {
        if (CommandGate.Check(request, state) is { } refusal)
        {
            return new ImapResult([refusal]);
        }

        var command = (AppendCommand)request.Command;
        var mail = ((ImapSessionState.LoggedIn)state).Mail;
        return await MailboxNames.FindAsync(mail, command.Mailbox, cancellationToken) is null ? TryCreate(request.Tag) : null;
    }

    public static async Task<ImapResult> AppendAsync(
        ImapRequest request, ImapSessionState state, bool condStore, Stream message, CancellationToken cancellationToken)
    {
        var command = (AppendCommand)request.Command;
        var mail = ((ImapSessionState.LoggedIn)state).Mail;
        try
        {
            var stored = await mail.AppendAsync(command.Mailbox, command.Flags, command.InternalDate, message, cancellationToken);
            var done = new ImapStatusResponse(request.Tag, ImapStatus.Ok, ResponseCode.AppendUid((uint)stored.UidValidity, (uint)stored.Uid), "Append completed");
            if (state is not ImapSessionState.LoggedIn.Selected selected
                || MailboxNames.Find([selected.Mailbox.Info], command.Mailbox) is null)
            {
                return new ImapResult([done]);
            }

            // RFC 3501 section 6.3.11: appending to the selected mailbox SHOULD tell the client at once (EXISTS),
            // and the snapshot must hold the new message, or a UID FETCH of the APPENDUID finds nothing.
            var (responses, mailbox, gone) = await MailboxSync.RefreshAsync(mail, selected.Mailbox, allowExpunge: true, condStore, cancellationToken);
            return gone ? MailboxSync.Gone : new ImapResult([.. responses, done], selected with { Mailbox = mailbox });
        }
        catch (MailboxNotFoundException)
        {
            // Deleted between the check and the end of the message.
            return TryCreate(request.Tag);
        }
        catch (MailboxOperationException e)
        {
            return MailboxRefusal.For(request.Tag, e);
        }
    }

    // RFC 3501 section 6.3.11: a missing target mailbox is NO [TRYCREATE], so the client may CREATE it.
    static ImapResult TryCreate(string tag) => ImapResult.No(tag, ResponseCode.TryCreate, "No such mailbox");
}
