// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>STATUS (RFC 3501 section 6.3.10; HIGHESTMODSEQ RFC 7162, SIZE RFC 8438, DELETED RFC 9051).</summary>
internal sealed class StatusHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (StatusCommand)request.Command;
        var mail = ((ImapSessionState.LoggedIn)state).Mail;
        var info = await MailboxNames.FindAsync(mail, command.Mailbox, cancellationToken);
        if (info is null)
        {
            return ImapResult.NoSuchMailbox(request.Tag);
        }

        var data = await StatusDataAsync(mail, info, command.Items, cancellationToken);
        return data is null ? ImapResult.NoSuchMailbox(request.Tag) : ImapResult.Ok(request.Tag, "Status completed", data);
    }

    /// <summary>The untagged STATUS response for <paramref name="info"/>; null if the mailbox vanished meanwhile. LIST-STATUS (RFC 5819) shares it.</summary>
    public static async Task<ImapDataResponse?> StatusDataAsync(
        IMailSession mail, MailboxInfo info, IReadOnlyList<StatusItem> statusItems, CancellationToken cancellationToken)
    {
        IReadOnlyList<MessageInfo> messages;
        ulong size = 0;
        try
        {
            messages = await mail.ListMessagesAsync(info.Name, cancellationToken);
            if (statusItems.Contains(StatusItem.Size))
            {
                // Public-key-only users have no metadata: their sizes are unknown without reading every blob, so they count 0.
                var metadata = await mail.GetMetadataAsync(info.Name, [.. messages.Select(m => m.Uid)], cancellationToken);
                size = (ulong)metadata.Values.Sum(m => m.Size);
            }
        }
        catch (MailboxNotFoundException)
        {
            return null;
        }

        var items = new List<ImapValue>();
        foreach (var item in statusItems)
        {
            var (name, value) = item switch
            {
                StatusItem.Messages => ("MESSAGES", (ulong)messages.Count),
                StatusItem.Recent => ("RECENT", 0UL),
                StatusItem.UidNext => ("UIDNEXT", (ulong)info.UidNext),
                StatusItem.UidValidity => ("UIDVALIDITY", (ulong)info.UidValidity),
                StatusItem.Unseen => ("UNSEEN", (ulong)messages.Count(m => !m.Flags.Contains(@"\Seen"))),
                StatusItem.HighestModSeq => ("HIGHESTMODSEQ", (ulong)info.HighestModSeq),
                StatusItem.Size => ("SIZE", size),
                _ => ("DELETED", (ulong)messages.Count(m => m.Flags.Contains(@"\Deleted"))),
            };
            items.Add(new ImapValue.Atom(name));
            items.Add(new ImapValue.Number(value));
        }

        return new ImapDataResponse([new ImapValue.Atom("STATUS"), new ImapValue.Mailbox(info.Name), new ImapValue.List([.. items])]);
    }
}
