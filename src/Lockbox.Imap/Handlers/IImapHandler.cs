// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// Runs one kind of command. The <see cref="CommandGate"/> has already checked the state, so a
/// handler may cast the state it is given to the state its command is allowed in.
/// </summary>
internal interface IImapHandler
{
    Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken);
}
