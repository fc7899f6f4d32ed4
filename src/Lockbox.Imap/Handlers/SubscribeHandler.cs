// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// SUBSCRIBE and UNSUBSCRIBE (RFC 3501 sections 6.3.6-7). Subscribing needs an existing mailbox;
/// unsubscribing works on any name, so a subscription whose mailbox was deleted can be dropped
/// (RFC 9051 section 6.3.10 asks for OK even when the name was not subscribed).
/// </summary>
internal sealed class SubscribeHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var mail = ((ImapSessionState.LoggedIn)state).Mail;
        switch (request.Command)
        {
            case SubscribeCommand subscribe:
                try
                {
                    await mail.SubscribeAsync(subscribe.Mailbox, cancellationToken);
                    return ImapResult.Ok(request.Tag, "Subscribe completed");
                }
                catch (MailboxNotFoundException)
                {
                    return ImapResult.NoSuchMailbox(request.Tag);
                }

            case UnsubscribeCommand unsubscribe:
                await mail.UnsubscribeAsync(unsubscribe.Mailbox, cancellationToken);
                return ImapResult.Ok(request.Tag, "Unsubscribe completed");
            default:
                throw new ArgumentException("Not a SUBSCRIBE or UNSUBSCRIBE command.", nameof(request));
        }
    }
}
