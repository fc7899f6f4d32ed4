// SPDX-License-Identifier: MIT
using System.IO.Pipelines;
using System.Net.Security;

namespace Lockbox.FrontEnd.Tls;

/// <summary>
/// A TLS layer over a connection's transport pipe, itself a duplex pipe: IMAPS wraps the connection
/// in it before the greeting (RFC 8314 section 3.2), IMAP's and LMTP's STARTTLS in the middle (RFC 3501
/// section 6.2.1, RFC 3207). One code path for all, which is why this is not Kestrel's UseHttps middleware
/// (it cannot start in the middle of a connection).
/// </summary>
public sealed class TlsTransport : IDuplexPipe, IAsyncDisposable
{
    readonly SslStream _ssl;

    TlsTransport(SslStream ssl)
    {
        _ssl = ssl;
        // Small read buffer: an idle connection holds one pending read (the memory budget is per connection).
        Input = PipeReader.Create(ssl, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        Output = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>The negotiated protocol, for the log.</summary>
    public System.Security.Authentication.SslProtocols Protocol => _ssl.SslProtocol;

    /// <summary>Runs the server side of the handshake over <paramref name="transport"/>.</summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed.</exception>
    /// <exception cref="IOException">The client went away or sent something that is not TLS.</exception>
    public static async Task<TlsTransport> AuthenticateAsync(IDuplexPipe transport, SslServerAuthenticationOptions options, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(new DuplexPipeStream(transport), leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(options, cancellationToken);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }

        return new TlsTransport(ssl);
    }

    /// <summary>
    /// Before the server's go-ahead to STARTTLS (IMAP's OK, LMTP's 220): drops what the client sent after the STARTTLS line.
    /// It came in clear, maybe from a man in the middle, and must never run as if it came over TLS (STARTTLS command
    /// injection, CVE-2011-0411; RFC 3207 section 5). A client waits for the go-ahead before its ClientHello (RFC 3501
    /// section 6.2.1, RFC 3207 section 4), so everything buffered before it is sent is such bytes; dropping after it would
    /// race the ClientHello. Injected bytes that arrive later are not TLS and fail the handshake. False when the client
    /// has already gone.
    /// </summary>
    public static bool DropPipelinedCleartext(PipeReader input)
    {
        while (input.TryRead(out var pending))
        {
            input.AdvanceTo(pending.Buffer.End);
            if (pending.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
        await _ssl.DisposeAsync();
    }
}
