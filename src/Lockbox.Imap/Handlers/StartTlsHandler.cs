// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// STARTTLS (RFC 3501 section 6.2.1): OK, then the connection runs the handshake. The gate already
/// limits it to the not-authenticated state.
/// </summary>
internal sealed class StartTlsHandler : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        if (connection.IsTls)
        {
            // Dovecot answers the same; a second handshake inside TLS is not defined by RFC 3501.
            return Task.FromResult(ImapResult.Bad(request.Tag, "TLS is already active"));
        }

        var ok = new ImapStatusResponse(request.Tag, ImapStatus.Ok, null, "Begin TLS negotiation now");
        return Task.FromResult(new ImapResult([ok], StartTls: true));
    }
}
