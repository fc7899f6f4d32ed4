// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>CAPABILITY (RFC 3501 section 6.1.1).</summary>
internal sealed class CapabilityHandler : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var capabilities = connection.Capabilities(state is ImapSessionState.LoggedIn);
        var data = new ImapDataResponse([new ImapValue.Atom("CAPABILITY"), .. capabilities.Select(c => new ImapValue.Atom(c))]);
        return Task.FromResult(ImapResult.Ok(request.Tag, "Capability completed", data));
    }
}
