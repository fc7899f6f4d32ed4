// SPDX-License-Identifier: MIT
using System.Buffers;
using System.IO.Pipelines;
using System.Security.Authentication;
using Lockbox.FrontEnd.Tls;
using Lockbox.Imap.Handlers;
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;
using Microsoft.Extensions.Logging;

namespace Lockbox.Imap.Server;

/// <summary>
/// One IMAP connection: receive, gate and dispatch, send, in a loop. Owns the session state and
/// with it the Vault session, which <see cref="DisposeAsync"/> ends. TLS, from the start (IMAPS) or
/// after STARTTLS, swaps the pipes it reads and writes for a <see cref="TlsTransport"/> over the same connection.
/// </summary>
internal sealed class ImapConnection : IAsyncDisposable
{
    readonly IDuplexPipe _transport;
    readonly ImapReceiver _receiver;
    readonly ImapOptions _options;
    readonly CommandDispatcher _dispatcher;
    readonly ServerCertificate _certificate;
    readonly bool _implicitTls;
    readonly ILogger _logger;
    PipeReader _input;
    ResponseSender _sender;
    ImapConnectionInfo _info;
    TlsTransport? _tls;
    bool _handshaking;
    ImapSessionState _state = ImapSessionState.NotAuthenticated.Instance;
    ImapResult? _appended;
    int _badStreak;
    bool _idling;

    public ImapConnection(
        IDuplexPipe transport, ImapOptions options, CommandDispatcher dispatcher, ImapConnectionInfo info, ServerCertificate certificate, bool implicitTls, ILogger logger)
    {
        _transport = transport;
        _input = transport.Input;
        _sender = new ResponseSender(transport.Output);
        _receiver = new ImapReceiver(options);
        _options = options;
        _dispatcher = dispatcher;
        _info = info;
        _certificate = certificate;
        _implicitTls = implicitTls;
        _logger = logger;
    }

    public ResponseSender Sender => _sender;

    /// <summary>A last BYE may be sent: no response is half written and no handshake is under way.</summary>
    public bool CanSayBye => !_sender.MidResponse && !_handshaking;

    /// <summary>The autologout timer; set once <see cref="RunAsync"/> starts.</summary>
    public IdleTimer Idle { get; private set; } = null!;

    /// <summary>
    /// Runs until LOGOUT, a fatal error or the client leaving. <paramref name="session"/> is the
    /// connection's one token source: the idle timer is <c>CancelAfter</c> on it (STYLE.md section 4).
    /// </summary>
    public async Task RunAsync(CancellationTokenSource session, CancellationToken cancellationToken)
    {
        Idle = new IdleTimer(session, _options);
        if (_implicitTls && !await HandshakeAsync(cancellationToken))
        {
            return;
        }

        var greeting = new ImapStatusResponse(null, ImapStatus.Ok, ResponseCode.Capability(_info.Capabilities(authenticated: false)), "Lockbox ready");
        await _sender.SendAsync(greeting, cancellationToken);
        while (true)
        {
            Idle.Arm(_state);
            var next = _idling
                ? await IdleWatcher.ReadAsync(_input, () => _state, s => _state = s, _sender, _info.Enabled, cancellationToken)
                : await _input.ReadAsync(cancellationToken);
            Idle.Disarm();
            if (next is not { } read)
            {
                // The idled-on mailbox is gone and the watcher said BYE.
                return;
            }

            var buffer = read.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            ImapReceiveResult result;
            try
            {
                result = Receive(buffer, out consumed);
                if (result is not ImapReceiveResult.NeedMoreData)
                {
                    // More commands may already be buffered: the next read must not wait for new bytes.
                    examined = consumed;
                }
            }
            finally
            {
                _input.AdvanceTo(consumed, examined);
            }

            if (!await ActAsync(result, read.IsCompleted, cancellationToken))
            {
                return;
            }
        }
    }

    ImapReceiveResult Receive(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var result = _receiver.Receive(ref reader);
        consumed = reader.Position;
        return result;
    }

    /// <summary>False when the connection must close.</summary>
    async Task<bool> ActAsync(ImapReceiveResult result, bool inputCompleted, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case ImapReceiveResult.NeedMoreData:
                return !inputCompleted;
            case ImapReceiveResult.NeedLiteral:
                await _sender.SendAsync(new ImapContinuationResponse("Ready for literal"), cancellationToken);
                return true;
            case ImapReceiveResult.StreamLiteral stream:
                return await StreamAppendAsync(stream, cancellationToken);
            case ImapReceiveResult.Bad bad:
                // RFC 2177 section 3: anything but DONE ends IDLE too (with BAD).
                _idling = false;
                // A streamed APPEND whose closing line is bad: its outcome is dropped for the BAD.
                _appended = null;
                Log.BadCommand(_logger, _info.ConnectionId, bad.Reason);
                return await SendCountingAsync(new ImapResult([new ImapStatusResponse(bad.Tag, ImapStatus.Bad, null, bad.Reason)]), cancellationToken);
            case ImapReceiveResult.Fatal fatal:
                Log.FramingLost(_logger, _info.ConnectionId, fatal.Reason);
                await _sender.SendAsync(new ImapStatusResponse(null, ImapStatus.Bye, null, fatal.Reason), cancellationToken);
                return false;
            case ImapReceiveResult.Complete complete:
                // An APPEND completes after its message was streamed; its outcome is already known.
                var outcome = complete.Request.Command is AppendCommand && _appended is not null
                    ? _appended
                    : await _dispatcher.DispatchAsync(complete.Request, _state, _info, cancellationToken);
                _appended = null;
                _state = outcome.NextState ?? _state;
                // From the command after ENABLE UTF8=ACCEPT on, names and strings are UTF-8 (RFC 9755 section 3).
                _receiver.Utf8Accept = _sender.Utf8Accept = _info.Enabled.Utf8Accept;
                if (outcome.StartTls && !TlsTransport.DropPipelinedCleartext(_input))
                {
                    return false;
                }

                if (!await SendAnswerAsync(complete.Request, outcome, cancellationToken))
                {
                    return false;
                }

                if (outcome.AwaitSaslResponse)
                {
                    _receiver.BeginSaslResponse(complete.Request.Tag);
                }

                _idling = outcome.BeginIdle;
                if (_idling)
                {
                    _receiver.BeginIdle(complete.Request.Tag);
                }

                if (outcome.StartTls && !await HandshakeAsync(cancellationToken))
                {
                    return false;
                }

                return !outcome.Close;
            default:
                throw new InvalidOperationException("Unknown receive result " + result.GetType().Name);
        }
    }

    /// <summary>
    /// Sends a command's answer. A FETCH reads message bodies while it answers: if the store cannot answer before a body's
    /// response has begun (<see cref="ResponseSender.MidResponse"/> is then false), the responses already sent stand and
    /// the command ends with NO [UNAVAILABLE] instead of its OK, as when the handler itself fails (RFC 5530), and the
    /// session goes on.
    /// </summary>
    async Task<bool> SendAnswerAsync(ImapRequest request, ImapResult outcome, CancellationToken cancellationToken)
    {
        try
        {
            return await SendCountingAsync(outcome, cancellationToken);
        }
        catch (MailboxOperationException e) when (e.Error == MailboxError.Unavailable && !_sender.MidResponse)
        {
            return await SendCountingAsync(_dispatcher.Unavailable(request, _state, _info, e), cancellationToken);
        }
    }

    // Dovecot's CLIENT_MAX_BAD_COMMANDS: BAD in a row counts, anything else resets (RFC 3501 section 7.1.3).
    async Task<bool> SendCountingAsync(ImapResult outcome, CancellationToken cancellationToken)
    {
        _badStreak = outcome.Status == ImapStatus.Bad ? _badStreak + 1 : 0;
        if (_badStreak >= _options.MaxBadCommands)
        {
            Log.TooManyBadCommands(_logger, _info.ConnectionId);
            await _sender.SendAsync(new ImapStatusResponse(null, ImapStatus.Bye, null, "Too many bad commands"), cancellationToken);
            return false;
        }

        await _sender.SendAsync(outcome.Responses, cancellationToken);
        return true;
    }

    /// <summary>Runs the TLS handshake and moves the connection onto it. False when it failed and the connection must close.</summary>
    async Task<bool> HandshakeAsync(CancellationToken cancellationToken)
    {
        _handshaking = true;
        Idle.Arm(_state);
        try
        {
            _tls = await TlsTransport.AuthenticateAsync(_transport, _certificate.ServerOptions(), cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // Bad client input (a scanner, a client that dislikes the certificate): Debug, then close.
            Log.TlsHandshakeFailed(_logger, _info.ConnectionId, e.Message);
            return false;
        }

        Idle.Disarm();
        _handshaking = false;
        _input = _tls.Input;
        _sender = new ResponseSender(_tls.Output);
        _info = _info with { IsTls = true };
        Log.TlsStarted(_logger, _info.ConnectionId, _tls.Protocol);
        return true;
    }

    /// <summary>
    /// APPEND's message literal (RFC 3501 section 6.3.11): checked before the client sends it, then streamed
    /// into Vault. The tagged response waits until the receiver has seen the end of the command line.
    /// </summary>
    async Task<bool> StreamAppendAsync(ImapReceiveResult.StreamLiteral stream, CancellationToken cancellationToken)
    {
        var refusal = await AppendHandler.CheckAsync(stream.Request, _state, cancellationToken);
        if (refusal is not null && !stream.Literal.IsNonSynchronizing)
        {
            // The client waits for "+" before it sends the message; the tagged NO ends the command instead.
            _receiver.AbandonStreamedLiteral();
            return await SendCountingAsync(refusal, cancellationToken);
        }

        if (!stream.Literal.IsNonSynchronizing)
        {
            await _sender.SendAsync(new ImapContinuationResponse("Ready for literal"), cancellationToken);
        }

        // A LITERAL+ message arrives regardless (RFC 7888 section 4): a refused one is read and dropped.
        var message = new LiteralReadStream(_input, stream.Literal.Size);
        try
        {
            _appended = refusal ?? await AppendHandler.AppendAsync(stream.Request, _state, _info.Enabled.CondStore, message, cancellationToken);
            await message.DrainAsync(cancellationToken);
            return true;
        }
        catch (EndOfStreamException)
        {
            // The client left inside the message: the funnel stored nothing, and this is no server error.
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_state is ImapSessionState.LoggedIn loggedIn)
        {
            _state = ImapSessionState.NotAuthenticated.Instance;
            await loggedIn.Mail.DisposeAsync();
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }
    }
}
