// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;

namespace Lockbox.Web.Mail;

/// <summary>Carries out a <see cref="MessageAction"/> through Vault's session API; UIDs not in the mailbox are skipped by Vault.</summary>
public static class MessageActions
{
    /// <exception cref="MailboxNotFoundException">The mailbox or the target does not exist (or is another user's).</exception>
    public static async Task ApplyAsync(IMailSession mail, string mailbox, IReadOnlyList<long> uids, MessageAction action, string? target, CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            return;
        }

        switch (action)
        {
            case MessageAction.Read or MessageAction.Unread:
                await mail.StoreFlagsAsync(mailbox, uids, action == MessageAction.Read ? FlagChange.Add : FlagChange.Remove, ["\\Seen"], null, cancellationToken);
                break;
            case MessageAction.Flag or MessageAction.Unflag:
                await mail.StoreFlagsAsync(mailbox, uids, action == MessageAction.Flag ? FlagChange.Add : FlagChange.Remove, ["\\Flagged"], null, cancellationToken);
                break;
            case MessageAction.Move:
                await mail.CopyMessagesAsync(mailbox, uids, target ?? throw new MailboxNotFoundException("no target"), move: true, cancellationToken);
                break;
            case MessageAction.Delete:
                var trash = (await mail.ListMailboxesAsync(cancellationToken)).FirstOrDefault(m => m.SpecialUse == "Trash")?.Name;
                if (trash is null || trash == mailbox)
                {
                    // RFC 3501 section 6.4.3/RFC 4315 UID EXPUNGE: only these messages, not others flagged \Deleted by an IMAP client.
                    await mail.StoreFlagsAsync(mailbox, uids, FlagChange.Add, ["\\Deleted"], null, cancellationToken);
                    await mail.ExpungeAsync(mailbox, uids, cancellationToken);
                }
                else
                {
                    await mail.CopyMessagesAsync(mailbox, uids, trash, move: true, cancellationToken);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }
}
