// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.FrontEnd.Throttling;
using Lockbox.FrontEnd.Tls;
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lockbox.Imap.Server;

/// <summary>
/// The IMAP listener's connection handler (RFC 3501): one <see cref="ImapConnection"/> per client,
/// closed with BYE on idle timeout, shutdown or an internal error. Logins go through Vault's
/// <see cref="ISessionService"/> only; the Vault session ends when the connection does. The
/// connection starts in cleartext and offers STARTTLS; <see cref="ImapsConnectionHandler"/> runs the
/// same with TLS from the first byte.
/// </summary>
public sealed class ImapConnectionHandler : ConnectionHandler
{
    readonly ImapOptions _options;
    readonly ILogger<ImapConnectionHandler> _logger;
    readonly IHostApplicationLifetime _lifetime;
    readonly CommandDispatcher _dispatcher;
    readonly ServerCertificate _certificate;

    public ImapConnectionHandler(
        ISessionService sessions,
        IOptions<ImapOptions> options,
        LoginThrottle throttle,
        ServerCertificate certificate,
        ILogger<ImapConnectionHandler> logger,
        IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _certificate = certificate;
        _logger = logger;
        _lifetime = lifetime;
        _dispatcher = new CommandDispatcher(sessions, throttle, logger);
    }

    public override Task OnConnectedAsync(ConnectionContext connection) => RunAsync(connection, implicitTls: false);

    /// <summary>Serves one connection; with <paramref name="implicitTls"/> the TLS handshake comes before the greeting (RFC 8314 section 3.2).</summary>
    internal async Task RunAsync(ConnectionContext connection, bool implicitTls)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Log.ConnectionOpened(_logger, connection.ConnectionId, connection.RemoteEndPoint);
        // One token per session, linked to shutdown and to the connection closing (STYLE.md section 4).
        using var session = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, _lifetime.ApplicationStopping);
        var remote = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var info = new ImapConnectionInfo(connection.ConnectionId, _options.AllowPlaintextAuth || IsLoopback(remote), remote);
        await using var imap = new ImapConnection(connection.Transport, _options, _dispatcher, info, _certificate, implicitTls, _logger);
        ImapMetrics.Opened();
        try
        {
            await imap.RunAsync(session, session.Token);
        }
        catch (OperationCanceledException) when (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await TryByeAsync(imap, "Server shutting down");
        }
        catch (OperationCanceledException) when (!connection.ConnectionClosed.IsCancellationRequested)
        {
            // RFC 3501 section 5.4: the autologout timer ran out.
            Log.IdleTimeout(_logger, connection.ConnectionId);
            await TryByeAsync(imap, "Autologout; idle for too long");
        }
        catch (OperationCanceledException)
        {
            // The client went away: normal control flow, not an error.
        }
        catch (ConnectionResetException)
        {
        }
        catch (SessionOutdatedException e)
        {
            // The mailbox was encrypted under this session: it cannot read that mail, a new login can. ALERT because the
            // user must act (RFC 3501 section 7.1), and BYE because every later command would fail the same way.
            Log.SessionOutdated(_logger, connection.ConnectionId);
            await TryByeAsync(imap, e.Message, ResponseCode.Alert);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or a storage failure: the client learns only an id to quote; the log has the rest.
            var correlationId = Guid.NewGuid().ToString("N")[..12];
            Log.InternalError(_logger, e, connection.ConnectionId, correlationId);
            await TryByeAsync(imap, "Internal error, id " + correlationId);
        }
        finally
        {
            ImapMetrics.Closed();
            Log.ConnectionClosed(_logger, connection.ConnectionId);
        }
    }

    static bool IsLoopback(IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    /// <summary>A last BYE before closing; the client may already be gone, which is fine.</summary>
    static async Task TryByeAsync(ImapConnection imap, string text, ResponseCode? code = null)
    {
        if (!imap.CanSayBye)
        {
            // Inside a literal a BYE would be read as message bytes, and inside a TLS handshake as a
            // broken record; closing says enough.
            return;
        }

        try
        {
            await imap.Sender.SendAsync(new ImapStatusResponse(null, ImapStatus.Bye, code, text), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or ConnectionResetException)
        {
            // Connection already closed.
        }
    }
}
