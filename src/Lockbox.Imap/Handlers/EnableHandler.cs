// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// ENABLE (RFC 5161 section 3.1). No extension that needs enabling is implemented yet, so the
/// ENABLED response lists none; section 3.1 says unknown names are ignored, not refused.
/// </summary>
internal sealed class EnableHandler : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken) =>
        Task.FromResult(ImapResult.Ok(request.Tag, "Enable completed", new ImapDataResponse([new ImapValue.Atom("ENABLED")])));
}
