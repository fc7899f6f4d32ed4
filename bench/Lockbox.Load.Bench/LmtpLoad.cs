// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Lockbox.Load.Bench;

/// <summary>
/// LMTP deliveries over a fixed number of connections, to the run's users round robin, each message with its own
/// Message-ID. It remembers which messages got their 250: those are the ones that must be in the users' INBOXes at
/// the end. Any other reply, or a dropped connection, is an error, and the connection is opened again.
/// </summary>
public sealed class LmtpLoad
{
    const string Sender = "load-sender@example.net";

    readonly LoadOptions _options;
    readonly IReadOnlyList<LoadUser> _users;
    readonly ErrorLog _errors;
    readonly ConcurrentDictionary<int, ConcurrentBag<string>> _acknowledged = new();
    long _next = -1;
    long _delivered;

    public LmtpLoad(LoadOptions options, IReadOnlyList<LoadUser> users, ErrorLog errors)
    {
        _options = options;
        _users = users;
        _errors = errors;
    }

    /// <summary>Messages acknowledged with 250 so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>The Message-IDs acknowledged for <paramref name="user"/>.</summary>
    public IReadOnlyCollection<string> AcknowledgedFor(LoadUser user) =>
        _acknowledged.TryGetValue(user.Index, out var ids) ? [.. ids] : [];

    /// <summary>Delivers <paramref name="count"/> messages as fast as the connections go (the seed before the logins), untimed.</summary>
    public Task DeliverAsync(long count, CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _next) + count;
        return RunConnectionsAsync(sequence => sequence <= last ? TimeSpan.Zero : null, new Latencies(), CancellationToken.None, cancellationToken);
    }

    /// <summary>Delivers at <see cref="LoadOptions.LmtpRate"/> until <paramref name="stop"/> fires, timing each delivery into <paramref name="latencies"/>.</summary>
    public Task RunAsync(Latencies latencies, CancellationToken stop, CancellationToken cancellationToken)
    {
        var first = Interlocked.Read(ref _next) + 1;
        var started = Stopwatch.GetTimestamp();
        return RunConnectionsAsync(
            sequence =>
            {
                if (_options.LmtpRate <= 0)
                {
                    return TimeSpan.Zero;
                }

                // Message k of the run is due k / rate seconds after its start, whichever connection sends it.
                var due = TimeSpan.FromSeconds((sequence - first) / _options.LmtpRate) - Stopwatch.GetElapsedTime(started);
                return due > TimeSpan.Zero ? due : TimeSpan.Zero;
            },
            latencies,
            stop,
            cancellationToken);
    }

    /// <summary>
    /// Runs the connections; each takes the next sequence number, asks <paramref name="wait"/> how long until it is due
    /// (null: nothing more to send), and delivers it.
    /// </summary>
    Task RunConnectionsAsync(Func<long, TimeSpan?> wait, Latencies latencies, CancellationToken stop, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.LmtpConnections).Select(async number =>
        {
            var name = $"lmtp #{number}";
            LmtpSender? sender = null;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var sequence = Interlocked.Increment(ref _next);
                    if (wait(sequence) is not { } delay)
                    {
                        return;
                    }

                    try
                    {
                        await Task.Delay(delay, stop);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }

                    var user = _users[(int)(sequence % _users.Count)];
                    try
                    {
                        sender ??= await LmtpSender.ConnectAsync(_options.Lmtp, cancellationToken);
                        var started = Stopwatch.GetTimestamp();
                        await sender.DeliverAsync(Sender, user.Address, LoadMessage.Build(sequence, user), cancellationToken);
                        latencies.Add(CommandKinds.Lmtp, Stopwatch.GetElapsedTime(started));
                        _acknowledged.GetOrAdd(user.Index, _ => []).Add(LoadMessage.MessageId(sequence));
                        Interlocked.Increment(ref _delivered);
                    }
                    catch (Exception e) when (e is LmtpReplyException or IOException or SocketException)
                    {
                        _errors.Add(name, $"message {sequence} to {user.Address}: {e.GetType().Name}: {e.Message}");
                        sender?.Abort();
                        sender = null;
                    }
                }
            }
            finally
            {
                if (sender is not null)
                {
                    await sender.DisposeAsync();
                }
            }
        }));
}
