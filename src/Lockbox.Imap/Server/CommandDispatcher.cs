// SPDX-License-Identifier: MIT
using Lockbox.FrontEnd.Throttling;
using Lockbox.Imap.Handlers;
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;
using Microsoft.Extensions.Logging;

namespace Lockbox.Imap.Server;

/// <summary>Gate, then handler: the one path every parsed command takes.</summary>
internal sealed class CommandDispatcher
{
    readonly Dictionary<ImapVerb, IImapHandler> _handlers;
    readonly ILogger _logger;

    public CommandDispatcher(ISessionService sessions, LoginThrottle throttle, ILogger logger)
    {
        _logger = logger;
        var authenticator = new Authenticator(sessions, throttle, logger);
        var authenticate = new AuthenticateHandler(authenticator);
        var noop = new NoopHandler();
        var list = new ListHandler();
        var select = new SelectHandler();
        var close = new CloseHandler();
        var fetch = new FetchHandler();
        var copy = new CopyHandler();
        var idle = new IdleHandler();
        var subscribe = new SubscribeHandler();
        var quota = new QuotaHandler();
        _handlers = new()
        {
            [ImapVerb.Capability] = new CapabilityHandler(),
            [ImapVerb.Noop] = noop,
            [ImapVerb.Check] = noop,
            [ImapVerb.Logout] = new LogoutHandler(),
            [ImapVerb.Login] = new LoginHandler(authenticator),
            [ImapVerb.Authenticate] = authenticate,
            [ImapVerb.AuthenticateResponse] = authenticate,
            [ImapVerb.List] = list,
            [ImapVerb.Lsub] = list,
            [ImapVerb.Select] = select,
            [ImapVerb.Examine] = select,
            [ImapVerb.Status] = new StatusHandler(),
            [ImapVerb.Close] = close,
            [ImapVerb.Unselect] = close,
            [ImapVerb.Namespace] = new NamespaceHandler(),
            [ImapVerb.Id] = new IdHandler(),
            [ImapVerb.Enable] = new EnableHandler(),
            [ImapVerb.Fetch] = fetch,
            [ImapVerb.Search] = new SearchHandler(),
            [ImapVerb.Store] = new StoreHandler(),
            [ImapVerb.Expunge] = new ExpungeHandler(),
            [ImapVerb.Copy] = copy,
            [ImapVerb.Move] = copy,
            [ImapVerb.Idle] = idle,
            [ImapVerb.Done] = idle,
            [ImapVerb.Create] = new CreateHandler(),
            [ImapVerb.Delete] = new DeleteHandler(),
            [ImapVerb.Rename] = new RenameHandler(),
            [ImapVerb.Subscribe] = subscribe,
            [ImapVerb.Unsubscribe] = subscribe,
            [ImapVerb.StartTls] = new StartTlsHandler(),
            [ImapVerb.GetQuotaRoot] = quota,
            [ImapVerb.GetQuota] = quota,
            [ImapVerb.SetQuota] = quota,
        };
    }

    public async Task<ImapResult> DispatchAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        if (CommandGate.Check(request, state) is { } refusal)
        {
            return new ImapResult([refusal]);
        }

        if (!_handlers.TryGetValue(request.Command.Verb, out var handler))
        {
            // Parsed but not built yet (issue 4 is delivered in slices): NO, not BAD, since the command is valid.
            return ImapResult.No(request.Tag, ResponseCode.Cannot, request.Command.Verb.ToString().ToUpperInvariant() + " is not implemented yet");
        }

        try
        {
            return await handler.HandleAsync(request, state, connection, cancellationToken);
        }
        catch (MailboxOperationException e) when (e.Error == MailboxError.Unavailable)
        {
            return Unavailable(request, state, connection, e);
        }
    }

    /// <summary>
    /// The answer when the store cannot answer now (RFC 5530 UNAVAILABLE), whether the handler found out or the sending of
    /// its answer did (a FETCH body): this command fails, the client may retry it, and the session goes on. The selected
    /// mailbox stays, except after a failed SELECT (RFC 3501 section 6.3.1).
    /// </summary>
    public ImapResult Unavailable(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, MailboxOperationException e)
    {
        Log.StoreUnavailable(_logger, connection.ConnectionId, request.Command.Verb, e.Reason);
        return MailboxRefusal.For(request.Tag, e) with { NextState = request.Command is SelectCommand ? SelectHandler.Deselected(state) : null };
    }
}
