// SPDX-License-Identifier: MIT
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using Lockbox.FrontEnd.Tls;

namespace Lockbox.Lmtp.Server;

/// <summary>
/// The pipes one LMTP connection reads and writes: the connection's own, and after STARTTLS (RFC 3207) a TLS layer over
/// them. Everything that writes a reply, an error reply included, goes through <see cref="Output"/>, so nothing is sent
/// in clear once TLS is up.
/// </summary>
internal sealed class LmtpTransport(IDuplexPipe connection) : IAsyncDisposable
{
    TlsTransport? _tls;

    public PipeReader Input => _tls?.Input ?? connection.Input;

    public PipeWriter Output => _tls?.Output ?? connection.Output;

    /// <summary>The negotiated protocol, for the log; None before STARTTLS.</summary>
    public SslProtocols Protocol => _tls?.Protocol ?? SslProtocols.None;

    /// <summary>Before the 220 to STARTTLS: drops cleartext pipelined after it (<see cref="TlsTransport.DropPipelinedCleartext"/>).</summary>
    public bool DropPipelinedCleartext() => TlsTransport.DropPipelinedCleartext(connection.Input);

    /// <summary>Runs the server side of the handshake and moves the connection onto TLS.</summary>
    /// <exception cref="AuthenticationException">The handshake failed.</exception>
    /// <exception cref="IOException">The client went away or sent something that is not TLS.</exception>
    public async Task StartTlsAsync(SslServerAuthenticationOptions options, CancellationToken cancellationToken) =>
        _tls = await TlsTransport.AuthenticateAsync(connection, options, cancellationToken);

    public ValueTask DisposeAsync() => _tls?.DisposeAsync() ?? ValueTask.CompletedTask;
}
