// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>CREATE (RFC 3501 section 6.3.3). Name rules are Vault's (docs/decisions/0008-mailbox-names.md).</summary>
internal sealed class CreateHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var name = ((CreateCommand)request.Command).Mailbox;
        // Section 6.3.3: a trailing delimiter only says the client means to create names under it.
        if (name.EndsWith(MailboxNames.Delimiter, StringComparison.Ordinal) && name.Length > MailboxNames.Delimiter.Length)
        {
            name = name[..^MailboxNames.Delimiter.Length];
        }

        try
        {
            await ((ImapSessionState.LoggedIn)state).Mail.CreateMailboxAsync(name, cancellationToken);
            return ImapResult.Ok(request.Tag, "Create completed");
        }
        catch (MailboxOperationException e)
        {
            return MailboxRefusal.For(request.Tag, e);
        }
    }
}
