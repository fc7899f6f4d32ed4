// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace Lockbox.Load.Bench;

/// <summary>
/// One IMAP connection of the run, as a mail client's: LOGIN, SELECT INBOX, then until told to stop a random mix of
/// FETCH (flags and envelopes of the newest messages, or one whole message), UID SEARCH on header fields and text,
/// UID STORE of flags and IDLE periods, with a think time between commands. Every NO, BAD, BYE or dropped connection
/// goes to the <see cref="ErrorLog"/>; after a drop the worker logs in again.
/// </summary>
public sealed class ImapWorker : IAsyncDisposable
{
    // Weights of the mix: reading dominates, as in a client showing a mailbox; IDLE is the client waiting.
    static readonly (string Kind, int Weight)[] Mix =
    [
        (CommandKinds.FetchEnvelope, 25), (CommandKinds.FetchBody, 20), (CommandKinds.SearchHeader, 15),
        (CommandKinds.SearchText, 10), (CommandKinds.Store, 15), (CommandKinds.Idle, 15),
    ];

    const int FetchWindow = 20;

    readonly LoadUser _user;
    readonly LoadOptions _options;
    readonly Latencies _latencies;
    readonly ErrorLog _errors;
    readonly Random _random;
    readonly string _name;
    ImapClient? _client;
    IMailFolder? _inbox;
    IList<UniqueId> _recentUids = [];
    volatile bool _idling;
    int _idleNotifications;

    public ImapWorker(int number, LoadUser user, LoadOptions options, Latencies latencies, ErrorLog errors)
    {
        _user = user;
        _options = options;
        _latencies = latencies;
        _errors = errors;
        _random = new Random(options.RandomSeed * 1000 + number);
        _name = $"imap #{number} ({user.Address})";
    }

    /// <summary>EXISTS responses that arrived while this connection was in IDLE: new mail it was told about.</summary>
    public int IdleNotifications => Volatile.Read(ref _idleNotifications);

    /// <summary>Connects, logs in (timed as <paramref name="loginKind"/>) and selects INBOX (timed).</summary>
    public async Task LoginAsync(string loginKind, CancellationToken cancellationToken)
    {
        var client = new ImapClient();
        _client = client;
        await client.ConnectAsync(_options.Imap.Address.ToString(), _options.Imap.Port, SecureSocketOptions.None, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await client.AuthenticateAsync(_user.Address, _user.Password, cancellationToken);
        _latencies.Add(loginKind, Stopwatch.GetElapsedTime(started));
        var inbox = client.Inbox;
        inbox.CountChanged += OnCountChanged;
        started = Stopwatch.GetTimestamp();
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        _latencies.Add(CommandKinds.Select, Stopwatch.GetElapsedTime(started));
        _inbox = inbox;
    }

    /// <summary>Runs the mix until <paramref name="stop"/> fires; a command under way finishes first.</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken cancellationToken)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_random.Next(0, (int)(_options.ThinkTime.TotalMilliseconds * 2) + 1), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            var kind = PickKind();
            try
            {
                if (_client is not { IsConnected: true, IsAuthenticated: true })
                {
                    await ReconnectAsync(cancellationToken);
                }

                await RunCommandAsync(kind, stop, cancellationToken);
            }
            catch (ImapCommandException e)
            {
                _errors.Add(_name, $"{kind}: {e.Response} {e.ResponseText}");
            }
            catch (Exception e) when (e is ImapProtocolException or IOException or SocketException or ServiceNotConnectedException)
            {
                _errors.Add(_name, $"{kind}: connection lost: {e.GetType().Name}: {e.Message}");
                _client?.Dispose();
                _client = null;
            }
        }
    }

    /// <summary>LOGOUT, counting a failure as an error.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        if (_client is not { IsConnected: true })
        {
            return;
        }

        try
        {
            await _client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is ImapCommandException or ImapProtocolException or IOException or SocketException)
        {
            _errors.Add(_name, $"LOGOUT: {e.GetType().Name}: {e.Message}");
        }
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }

    async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        _client?.Dispose();
        await LoginAsync(CommandKinds.LoginCached, cancellationToken);
    }

    string PickKind()
    {
        var roll = _random.Next(Mix.Sum(m => m.Weight));
        foreach (var (kind, weight) in Mix)
        {
            if (roll < weight)
            {
                return kind;
            }

            roll -= weight;
        }

        throw new UnreachableException();
    }

    async Task RunCommandAsync(string kind, CancellationToken stop, CancellationToken cancellationToken)
    {
        var inbox = _inbox!;
        var count = inbox.Count;
        if (count == 0 && kind is CommandKinds.FetchEnvelope or CommandKinds.FetchBody or CommandKinds.Store)
        {
            kind = CommandKinds.Idle;
        }

        if (kind == CommandKinds.Store && _recentUids.Count == 0)
        {
            kind = CommandKinds.FetchEnvelope;
        }

        var started = Stopwatch.GetTimestamp();
        switch (kind)
        {
            case CommandKinds.FetchEnvelope:
                var summaries = await inbox.FetchAsync(Math.Max(0, count - FetchWindow), count - 1,
                    new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Envelope), cancellationToken);
                _recentUids = [.. summaries.Select(s => s.UniqueId)];
                break;
            case CommandKinds.FetchBody:
                var message = await inbox.GetMessageAsync(_random.Next(count), cancellationToken);
                if (message.MessageId?.StartsWith("load-", StringComparison.Ordinal) != true)
                {
                    _errors.Add(_name, $"{kind}: a message with Message-ID {message.MessageId} came back");
                }

                break;
            case CommandKinds.SearchHeader:
                SearchQuery query = _random.Next(2) == 0
                    ? SearchQuery.SubjectContains(LoadMessage.Words[_random.Next(LoadMessage.Words.Count)])
                    : SearchQuery.HeaderContains("Message-ID", LoadMessage.MessageId(_random.Next(Math.Max(1, count * 50))));
                await inbox.SearchAsync(query, cancellationToken);
                break;
            case CommandKinds.SearchText:
                await inbox.SearchAsync(SearchQuery.MessageContains(LoadMessage.Words[_random.Next(LoadMessage.Words.Count)]), cancellationToken);
                break;
            case CommandKinds.Store:
                var uid = _recentUids[_random.Next(_recentUids.Count)];
                var action = _random.Next(2) == 0 ? StoreAction.Add : StoreAction.Remove;
                var flags = _random.Next(2) == 0 ? MessageFlags.Flagged : MessageFlags.Seen;
                await inbox.StoreAsync(uid, new StoreFlagsRequest(action, flags) { Silent = true }, cancellationToken);
                break;
            case CommandKinds.Idle:
                using (var done = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    done.CancelAfter(TimeSpan.FromMilliseconds(_random.Next(1000, 3001)));
                    _idling = true;
                    try
                    {
                        await _client!.IdleAsync(done.Token, cancellationToken);
                    }
                    finally
                    {
                        _idling = false;
                    }
                }

                break;
            default:
                throw new UnreachableException(kind);
        }

        _latencies.Add(kind, Stopwatch.GetElapsedTime(started));
    }

    void OnCountChanged(object? sender, EventArgs e)
    {
        if (_idling)
        {
            Interlocked.Increment(ref _idleNotifications);
        }
    }
}
