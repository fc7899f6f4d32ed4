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

    /// <summary>
    /// Before the 220 to STARTTLS: drops what the client sent after the STARTTLS line. It came in clear, maybe from a man
    /// in the middle, and must never run as if it came over TLS (STARTTLS command injection, CVE-2011-0411; RFC 3207
    /// section 5). A client waits for the 220 before its ClientHello, so all of it is such bytes. False when the client
    /// has already gone.
    /// </summary>
    public bool DropPipelinedCleartext()
    {
        while (connection.Input.TryRead(out var pending))
        {
            connection.Input.AdvanceTo(pending.Buffer.End);
            if (pending.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs the server side of the handshake and moves the connection onto TLS.</summary>
    /// <exception cref="AuthenticationException">The handshake failed.</exception>
    /// <exception cref="IOException">The client went away or sent something that is not TLS.</exception>
    public async Task StartTlsAsync(SslServerAuthenticationOptions options, CancellationToken cancellationToken) =>
        _tls = await TlsTransport.AuthenticateAsync(connection, options, cancellationToken);

    public ValueTask DisposeAsync() => _tls?.DisposeAsync() ?? ValueTask.CompletedTask;
}
