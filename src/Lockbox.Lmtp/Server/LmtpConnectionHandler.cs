// SPDX-License-Identifier: MIT
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
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
/// into the delivery funnel, so only ciphertext reaches the disk and memory stays bounded.
/// </summary>
public sealed class LmtpConnectionHandler : ConnectionHandler
{
    readonly IDeliveryService _delivery;
    readonly LmtpOptions _options;
    readonly ILogger<LmtpConnectionHandler> _logger;
    readonly IHostApplicationLifetime _lifetime;

    public LmtpConnectionHandler(
        IDeliveryService delivery, IOptions<LmtpOptions> options, ILogger<LmtpConnectionHandler> logger, IHostApplicationLifetime lifetime)
    {
        _delivery = delivery;
        _options = options.Value;
        _logger = logger;
        _lifetime = lifetime;
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        Log.ConnectionOpened(_logger, connection.ConnectionId, connection.RemoteEndPoint);
        // One token per session, linked to shutdown and to the connection closing (STYLE.md section 4).
        using var session = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, _lifetime.ApplicationStopping);
        var output = connection.Transport.Output;
        try
        {
            await RunAsync(connection, session, cancellationToken: session.Token);
        }
        catch (OperationCanceledException) when (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await TryWriteAsync(output, Replies.ShuttingDown);
        }
        catch (OperationCanceledException) when (!connection.ConnectionClosed.IsCancellationRequested)
        {
            await TryWriteAsync(output, Replies.IdleTimeout);
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

    async Task RunAsync(ConnectionContext connection, CancellationTokenSource session, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var lines = new LineReader(input, _options.MaxCommandLineLength);
        var state = new LmtpSession(_delivery, _options);
        var badStreak = 0;
        await WriteAsync(output, Replies.Greeting(_options.HostName), cancellationToken);
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
                    await WriteAsync(output, start, cancellationToken);
                    session.CancelAfter(Timeout.InfiniteTimeSpan); // DATA can be long; the pipe's own reads still end on close
                    if (!await ReceiveDataAsync(connection, transaction, cancellationToken))
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
                    await WriteAsync(output, Replies.TooManyErrors, cancellationToken);
                    return;
                }
            }
            else
            {
                badStreak = 0;
            }

            // RFC 2920 section 3.2: the replies to a pipelined group (MAIL, RCPT..., RSET) go out as one unit; LHLO, DATA,
            // VRFY, NOOP and QUIT are answered at once, and so is any command after which the client has sent nothing more,
            // so a reply is never held back while the client waits for it.
            Buffer(output, reply);
            if (MustAnswerAtOnce(parsed.Command) || !lines.HasBufferedLine())
            {
                await output.FlushAsync(cancellationToken);
            }

            if (reply == Replies.Bye)
            {
                return;
            }
        }
    }

    static bool MustAnswerAtOnce(LmtpCommand? command) =>
        command is LhloCommand or SimpleCommand { Verb: LmtpVerb.Data or LmtpVerb.Vrfy or LmtpVerb.Noop or LmtpVerb.Quit };

    /// <summary>Streams DATA into the funnel and answers once per recipient. False if the connection must close.</summary>
    async Task<bool> ReceiveDataAsync(ConnectionContext connection, SessionState.InTransaction transaction, CancellationToken cancellationToken)
    {
        var data = new DotStuffedDataStream(connection.Transport.Input, _options.MaxMessageSize);
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
            Log.Delivered(_logger, connection.ConnectionId, stored, results.Count, data.ContentLength);
            replies = LmtpSession.RepliesFor(results);
        }
        catch (Exception e) when (e is EndOfStreamException or ConnectionResetException)
        {
            // A FIN or an RST before the "." line: the client's doing, not a server failure (Debug, like any bad input).
            Log.ClientVanishedDuringData(_logger, connection.ConnectionId);
            return false;
        }
        catch (MessageTooLargeException)
        {
            Log.MessageTooLarge(_logger, connection.ConnectionId);
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
            Log.DeliveryFailed(_logger, e, connection.ConnectionId, correlationId);
            LmtpMetrics.Failed("temporary", transaction.Recipients.Count);
            if (!await data.DrainAsync(cancellationToken))
            {
                return false;
            }

            replies = transaction.Recipients.Select(r => Replies.InternalError(r, correlationId));
        }

        // RFC 2033 section 4.2: one reply per accepted recipient, all at once after the message, so in one write.
        var output = connection.Transport.Output;
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
