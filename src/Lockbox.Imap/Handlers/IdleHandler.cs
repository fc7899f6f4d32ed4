// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// IDLE and the DONE that ends it (RFC 2177). IDLE answers "+ idling" and puts the connection into idle
/// mode, where <see cref="IdleWatcher"/> reports changes as they happen; DONE gets the tagged OK.
/// </summary>
internal sealed class IdleHandler : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken) =>
        Task.FromResult(request.Command.Verb == ImapVerb.Idle
            ? new ImapResult([new ImapContinuationResponse("idling")], BeginIdle: true)
            : ImapResult.Ok(request.Tag, "IDLE terminated"));
}
