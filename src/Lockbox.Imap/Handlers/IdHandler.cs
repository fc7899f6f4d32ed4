// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>ID (RFC 2971): the server names itself and nothing more (section 3.3 leaves the fields optional; a version would help attackers).</summary>
internal sealed class IdHandler : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var data = new ImapDataResponse([new ImapValue.Atom("ID"), new ImapValue.List([new ImapValue.Text("name"), new ImapValue.Text("Lockbox")])]);
        return Task.FromResult(ImapResult.Ok(request.Tag, "ID completed", data));
    }
}
