// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// NOOP and CHECK (RFC 3501 sections 6.1.2 and 6.4.1). With a mailbox selected it polls for new
/// mail: messages delivered since the last report are announced with EXISTS (section 7.3.1).
/// </summary>
internal sealed class NoopHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var done = request.Command.Verb == ImapVerb.Check ? "Check completed" : "Noop completed";
        if (state is not ImapSessionState.LoggedIn.Selected selected)
        {
            return ImapResult.Ok(request.Tag, done);
        }

        var known = selected.Mailbox.Messages;
        IReadOnlyList<Vault.Contracts.MessageInfo> current;
        try
        {
            current = await selected.Mail.ListMessagesAsync(selected.Mailbox.Name, cancellationToken);
        }
        catch (Vault.Contracts.MailboxNotFoundException)
        {
            // Deleted under us. Nothing can remove mail yet, so the snapshot simply stays.
            return ImapResult.Ok(request.Tag, done);
        }

        // Until EXPUNGE exists mail only arrives, so the old snapshot is a prefix of the new list; when
        // it is not, keep the old one rather than renumber messages behind the client's back.
        var lastKnown = known.Count == 0 ? 0 : known[^1].Uid;
        if (current.Count <= known.Count || (known.Count > 0 && current[known.Count - 1].Uid != lastKnown))
        {
            return ImapResult.Ok(request.Tag, done);
        }

        var exists = new ImapDataResponse([new ImapValue.Number((ulong)current.Count), new ImapValue.Atom("EXISTS")]);
        var refreshed = selected with { Mailbox = selected.Mailbox with { Messages = current } };
        return new ImapResult([exists, new ImapStatusResponse(request.Tag, ImapStatus.Ok, null, done)], refreshed);
    }
}
