// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>NAMESPACE (RFC 2342): one personal namespace with "/" as the hierarchy delimiter, no shared ones.</summary>
internal sealed class NamespaceHandler : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        ImapValue personal = new ImapValue.List([new ImapValue.List([new ImapValue.Text(""), new ImapValue.Text(MailboxNames.Delimiter)])]);
        var data = new ImapDataResponse([new ImapValue.Atom("NAMESPACE"), personal, ImapValue.NilValue, ImapValue.NilValue]);
        return Task.FromResult(ImapResult.Ok(request.Tag, "Namespace completed", data));
    }
}
