// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Sending;
using Lockbox.Vault.Sessions;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Lockbox.Vault.Sending;

/// <summary>
/// Sending and drafts for a session (docs/decisions/0024, 0025): the message is built in memory, sent through the relay
/// first, and only once the relay accepted it stored through the session's APPEND, the delivery funnel, so the copy is
/// encrypted like delivered mail. A refused or unreachable relay leaves nothing in Sent. A store that cannot answer once
/// the relay accepted the message leaves the send done and says the copy is missing (<see cref="ComposeOutcome.CopyStored"/>).
/// </summary>
internal sealed class Submission(MailRelay relay, TimeProvider time, ILogger<Submission> logger)
{
    public bool CanSend => relay.Configured;

    public static async Task<IReadOnlyList<string>> DescribeCarriedAsync(MailSession mail, OutgoingMessage message, CancellationToken cancellationToken) =>
        [.. (await CarriedAsync(mail, message, cancellationToken)).Select(MessageComposer.NameOf)];

    public Task<ComposeOutcome> SendAsync(MailSession mail, OutgoingMessage message, CancellationToken cancellationToken) =>
        StoreAsync(mail, message, isDraft: false, cancellationToken);

    public Task<ComposeOutcome> SaveDraftAsync(MailSession mail, OutgoingMessage message, CancellationToken cancellationToken) =>
        StoreAsync(mail, message, isDraft: true, cancellationToken);

    async Task<ComposeOutcome> StoreAsync(MailSession mail, OutgoingMessage input, bool isDraft, CancellationToken cancellationToken)
    {
        var carried = await CarriedAsync(mail, input, cancellationToken);
        // Found before the relay, like the carried parts: a store that cannot answer fails the send before anything left.
        var target = await SpecialMailboxAsync(mail, isDraft ? "Drafts" : "Sent", cancellationToken);
        MimeMessage message;
        try
        {
            message = MessageComposer.Build(mail.Address, input, carried, time.GetLocalNow(), requireRecipient: !isDraft);
            if (!isDraft)
            {
                await relay.SendAsync(message, cancellationToken);
            }
        }
        catch (ComposeRejectedException e)
        {
            // The exception type only: the user's message names addresses, which the log must not keep.
            SendLog.SendFailed(logger, mail.Address, e.InnerException?.GetType().Name ?? "invalid form");
            throw;
        }

        var recipients = message.To.Mailboxes.Count() + message.Cc.Mailboxes.Count() + message.Bcc.Mailboxes.Count();
        if (isDraft)
        {
            var draftUid = await AppendAsync(mail, target, message, ["\\Draft", "\\Seen"], cancellationToken);
            var replacedDraftLeft = !await RemoveDraftAsync(mail, input.Draft, cancellationToken);
            SendLog.DraftSaved(logger, mail.Address);
            return new ComposeOutcome(target, draftUid, recipients, DraftLeft: replacedDraftLeft);
        }

        // The relay has accepted it: from here a store that cannot answer costs the copy, never the send. Failing the send
        // would tell the user it was not sent, and they would send it again to every recipient.
        SendLog.MessageSent(logger, mail.Address, recipients);
        long uid;
        try
        {
            uid = await AppendAsync(mail, target, message, ["\\Seen"], cancellationToken);
        }
        catch (MailboxOperationException e) when (e.Error is MailboxError.Unavailable or MailboxError.OverQuota)
        {
            // The draft it replaces stays: removing it would fail the same way, and it is now the only stored copy of the text.
            SendLog.CopyNotStored(logger, mail.Address, e.Reason);
            return new ComposeOutcome(
                target, 0, recipients, CopyStored: false, DraftLeft: input.Draft is not null, CopyOverQuota: e.Error == MailboxError.OverQuota);
        }

        var draftLeft = !await RemoveDraftAsync(mail, input.Draft, cancellationToken);
        return new ComposeOutcome(target, uid, recipients, DraftLeft: draftLeft);
    }

    /// <summary>Stores <paramref name="message"/> in <paramref name="mailbox"/> through the session's APPEND; its UID there.</summary>
    static async Task<long> AppendAsync(MailSession mail, string mailbox, MimeMessage message, IReadOnlyCollection<string> flags, CancellationToken cancellationToken)
    {
        using var bytes = new MemoryStream();
        // Stored mail has CRLF line ends (RFC 5322 section 2.1), whatever MimeKit's platform default is.
        await message.WriteToAsync(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes, cancellationToken);
        bytes.Position = 0;
        return (await mail.AppendAsync(mailbox, flags, null, bytes, cancellationToken)).Uid;
    }

    /// <summary>
    /// Removes the draft a new draft or a sent message replaces, if there is one. Its replacement is already stored or sent,
    /// so a store that cannot answer now only leaves the old draft in Drafts (logged, and false: the caller says so), and
    /// the outcome stands.
    /// </summary>
    async Task<bool> RemoveDraftAsync(MailSession mail, MessageReference? draft, CancellationToken cancellationToken)
    {
        if (draft is null)
        {
            return true;
        }

        try
        {
            await mail.StoreFlagsAsync(draft.Mailbox, [draft.Uid], FlagChange.Add, ["\\Deleted"], null, cancellationToken);
            await mail.ExpungeAsync(draft.Mailbox, [draft.Uid], cancellationToken);
            return true;
        }
        catch (MailboxOperationException e) when (e.Error == MailboxError.Unavailable)
        {
            SendLog.DraftNotRemoved(logger, mail.Address, e.Reason);
            return false;
        }
    }

    /// <summary>What goes along as it is: the draft's carried parts, or else the forwarded message whole.</summary>
    static async Task<IReadOnlyList<MimeEntity>> CarriedAsync(MailSession mail, OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (message.Draft is { } draft)
        {
            return MessageComposer.CarriedParts(await mail.LoadMimeAsync(draft.Mailbox, draft.Uid, cancellationToken));
        }

        if (message.Forward is { } forward)
        {
            return [MessageComposer.Forwarded(await mail.LoadMimeAsync(forward.Mailbox, forward.Uid, cancellationToken))];
        }

        return [];
    }

    /// <summary>The name of the mailbox marked <paramref name="use"/> (RFC 6154), whatever it is called, or <paramref name="use"/> itself when none is.</summary>
    static async Task<string> SpecialMailboxAsync(MailSession mail, string use, CancellationToken cancellationToken) =>
        (await mail.ListMailboxesAsync(cancellationToken)).FirstOrDefault(m => string.Equals(m.SpecialUse, use, StringComparison.OrdinalIgnoreCase))?.Name ?? use;
}
