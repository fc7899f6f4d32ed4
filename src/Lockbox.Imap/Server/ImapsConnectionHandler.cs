// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Connections;

namespace Lockbox.Imap.Server;

/// <summary>
/// The IMAPS listener (implicit TLS, RFC 8314 section 3.2): the TLS handshake first, then the same
/// IMAP session as <see cref="ImapConnectionHandler"/>, whose options, throttle and certificate it shares.
/// </summary>
public sealed class ImapsConnectionHandler(ImapConnectionHandler imap) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection) => imap.RunAsync(connection, implicitTls: true);
}
