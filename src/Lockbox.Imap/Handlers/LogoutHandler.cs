// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>LOGOUT (RFC 3501 section 6.1.3): untagged BYE, tagged OK, then the connection closes and the Vault session ends.</summary>
internal sealed class LogoutHandler : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken) =>
        Task.FromResult(new ImapResult(
            [new ImapStatusResponse(null, ImapStatus.Bye, null, "Logging out"), new ImapStatusResponse(request.Tag, ImapStatus.Ok, null, "Logout completed")],
            Close: true));
}
