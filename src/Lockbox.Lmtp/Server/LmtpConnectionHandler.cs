// SPDX-License-Identifier: MIT
using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Security.Authentication;
using System.Text;
using Lockbox.FrontEnd.Tls;
using Lockbox.Lmtp.Protocol;
using Lockbox.Vault.Contracts;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lockbox.Lmtp.Server;

/// <summary>
/// The LMTP transport loop (RFC 2033) for one connection, on TCP or a Unix socket: frame a line,
/// parse it, let the session decide, write the reply. DATA streams from the connection straight
/// into the delivery funnel, so only ciphertext reaches the disk and memory stays bounded. On TCP the
/// connection may move onto TLS with STARTTLS (RFC 3207).
/// </summary>
public sealed class LmtpConnectionHandler : ConnectionHandler
{
    readonly IDeliveryService _delivery;
    readonly LmtpOptions _options;
    readonly ServerCertificate _certificate;
    readonly ILogger<LmtpConnectionHandler> _logger;
    readonly IHostApplicationLifetime _lifetime;

    public LmtpConnectionHandler(
        IDeliveryService delivery, IOptions<LmtpOptions> options, ServerCertificate certificate, ILogger<LmtpConnectionHandler> logger,
        IHostApplicationLifetime lifetime)
    {
        _delivery = delivery;
        _options = options.Value;
        _certificate = certificate;
        _logger = logger;
        _lifetime = lifetime;
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        Log.ConnectionOpened(_logger, connection.ConnectionId, connection.RemoteEndPoint);
        // One token per session, linked to shutdown and to the connection closing (STYLE.md section 4).
        using var session = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, _lifetime.ApplicationStopping);
        await using var transport = new LmtpTransport(connection.Transport);
        try
        {
            await RunAsync(connection, transport, session, cancellationToken: session.Token);
        }
        catch (OperationCanceledException) when (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await TryWriteAsync(transport.Output, Replies.ShuttingDown);
        }
        catch (OperationCanceledException) when (!connection.ConnectionClosed.IsCancellationRequested)
        {
            await TryWriteAsync(transport.Output, Replies.IdleTimeout);
        }
        catch (OperationCanceledException)
        {
            // The client went away: normal control flow, not an error.
        }
        catch (ConnectionResetException)
        {
        }
        finally
        {
            Log.ConnectionClosed(_logger, connection.ConnectionId);
        }
    }

    async Task RunAsync(ConnectionContext connection, LmtpTransport transport, CancellationTokenSource session, CancellationToken cancellationToken)
    {
        var lines = new LineReader(transport.Input, _options.MaxCommandLineLength);
        // STARTTLS on TCP; the Unix socket is local, where TLS would protect nothing.
        var state = new LmtpSession(_delivery, _options, tlsOffered: connection.LocalEndPoint is IPEndPoint);
        var badStreak = 0;
        await WriteAsync(transport.Output, Replies.Greeting(_options.HostName), cancellationToken);
        while (true)
        {
            session.CancelAfter(_options.IdleTimeout);
            var line = await lines.ReadLineAsync(cancellationToken);
            if (line.IsClosed)
            {
                return;
            }

            var parsed = line.IsTooLong ? LmtpParseResult.Fail(Replies.LineTooLong) : LmtpCommandParser.Parse(line.Bytes.Span);
            LmtpReply reply;
            if (parsed.Command is SimpleCommand { Verb: LmtpVerb.Data })
            {
                var (start, transaction) = state.BeginData();
                reply = start;
                if (transaction is not null)
                {
                    await WriteAsync(transport.Output, start, cancellationToken);
                    session.CancelAfter(Timeout.InfiniteTimeSpan); // DATA can be long; the pipe's own reads still end on close
                    if (!await ReceiveDataAsync(connection.ConnectionId, transport, transaction, cancellationToken))
                    {
                        return;
                    }

                    state.EndTransaction();
                    badStreak = 0;
                    continue;
                }
            }
            else
            {
                reply = parsed.Command is { } command ? await state.ExecuteAsync(command, cancellationToken) : parsed.Error!;
            }

            // Syntax and sequence errors count toward the streak (Dovecot's max_bad_commands); others reset it.
            if (reply.Code is 500 or 501 or 503 or 555)
            {
                Log.BadCommand(_logger, connection.ConnectionId, reply.Code);
                if (++badStreak >= _options.MaxBadCommands)
                {
                    await WriteAsync(transport.Output, Replies.TooManyErrors, cancellationToken);
                    return;
                }
            }
            else
            {
                badStreak = 0;
            }

            if (reply == Replies.ReadyForTls)
            {
                if (!transport.DropPipelinedCleartext() || !await StartTlsAsync(connection.ConnectionId, transport, cancellationToken))
                {
                    return;
                }

                state.TlsStarted();
                lines = new LineReader(transport.Input, _options.MaxCommandLineLength);
                continue;
            }

            // RFC 2920 section 3.2: the replies to a pipelined group (MAIL, RCPT..., RSET) go out as one unit; LHLO, DATA,
            // VRFY, NOOP, QUIT and STARTTLS are answered at once, and so is any command after which the client has sent
            // nothing more, so a reply is never held back while the client waits for it.
            Buffer(transport.Output, reply);
            if (MustAnswerAtOnce(parsed.Command) || !lines.HasBufferedLine())
            {
                await transport.Output.FlushAsync(cancellationToken);
            }

            if (reply == Replies.Bye)
            {
                return;
            }
        }
    }

    /// <summary>Sends the 220 and runs the handshake. False when it failed and the connection must close.</summary>
    async Task<bool> StartTlsAsync(string connectionId, LmtpTransport transport, CancellationToken cancellationToken)
    {
        await WriteAsync(transport.Output, Replies.ReadyForTls, cancellationToken);
        try
        {
            await transport.StartTlsAsync(_certificate.ServerOptions(), cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // Bad client input (a scanner, a client that refuses the certificate): Debug, then close.
            Log.TlsHandshakeFailed(_logger, connectionId, e.Message);
            return false;
        }

        Log.TlsStarted(_logger, connectionId, transport.Protocol);
        return true;
    }

    static bool MustAnswerAtOnce(LmtpCommand? command) =>
        command is LhloCommand or SimpleCommand { Verb: LmtpVerb.Data or LmtpVerb.Vrfy or LmtpVerb.Noop or LmtpVerb.Quit or LmtpVerb.StartTls };

    /// <summary>Streams DATA into the funnel and answers once per recipient. False if the connection must close.</summary>
    async Task<bool> ReceiveDataAsync(string connectionId, LmtpTransport transport, SessionState.InTransaction transaction, CancellationToken cancellationToken)
    {
        var data = new DotStuffedDataStream(transport.Input, _options.MaxMessageSize);
        var request = new DeliveryRequest(transaction.Recipients, transaction.Mail.ReversePath);
        IEnumerable<LmtpReply> replies;
        try
        {
            var results = await _delivery.DeliverAsync(request, data, cancellationToken);
            if (!data.IsComplete && !await data.DrainAsync(cancellationToken))
            {
                return false;
            }

            var stored = results.Count(r => r.Status == DeliveryStatus.Stored);
            LmtpMetrics.Failed(results);
            Log.Delivered(_logger, connectionId, stored, results.Count, data.ContentLength);
            replies = LmtpSession.RepliesFor(results);
        }
        catch (Exception e) when (e is EndOfStreamException or ConnectionResetException)
        {
            // A FIN or an RST before the "." line: the client's doing, not a server failure (Debug, like any bad input).
            Log.ClientVanishedDuringData(_logger, connectionId);
            return false;
        }
        catch (MessageTooLargeException)
        {
            Log.MessageTooLarge(_logger, connectionId);
            if (!await data.DrainAsync(cancellationToken))
            {
                return false;
            }

            LmtpMetrics.Failed("too_big", transaction.Recipients.Count);
            replies = transaction.Recipients.Select(_ => Replies.TooBig(_options.MaxMessageSize));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Any other failure: nothing was stored (the funnel's contract), so every recipient gets 4xx and the MTA retries.
            var correlationId = Guid.NewGuid().ToString("N")[..12];
            Log.DeliveryFailed(_logger, e, connectionId, correlationId);
            LmtpMetrics.Failed("temporary", transaction.Recipients.Count);
            if (!await data.DrainAsync(cancellationToken))
            {
                return false;
            }

            replies = transaction.Recipients.Select(r => Replies.InternalError(r, correlationId));
        }

        // RFC 2033 section 4.2: one reply per accepted recipient, all at once after the message, so in one write.
        var output = transport.Output;
        foreach (var reply in replies)
        {
            Buffer(output, reply);
        }

        await output.FlushAsync(cancellationToken);
        return true;
    }

    /// <summary>Adds <paramref name="reply"/> to what the next flush sends.</summary>
    static void Buffer(PipeWriter output, LmtpReply reply) => output.Write(Encoding.UTF8.GetBytes(reply.ToWire()));

    /// <summary>Sends <paramref name="reply"/> now.</summary>
    static async Task WriteAsync(PipeWriter output, LmtpReply reply, CancellationToken cancellationToken)
    {
        Buffer(output, reply);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>A last reply before closing; the client may already be gone, which is fine.</summary>
    static async Task TryWriteAsync(PipeWriter output, LmtpReply reply)
    {
        try
        {
            await WriteAsync(output, reply, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            // Connection already closed.
        }
    }
}
