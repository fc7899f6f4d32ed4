// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.Load.Bench;

/// <summary>
/// One load run against a running <c>lockbox serve</c> whose users exist (<see cref="LoadUsers"/>):
/// <list type="number">
/// <item>seed: <see cref="LoadOptions.SeedMessagesPerUser"/> messages per user over LMTP;</item>
/// <item>LMTP deliveries start and go on to the end;</item>
/// <item>logins: one connection per user first (each pays the Argon2 unlock, as many at once as Vault's gate lets
/// through), then the others (the user's key is unlocked: an HMAC check), each followed by SELECT INBOX;</item>
/// <item>the measured phase: every connection runs its mix for <see cref="LoadOptions.Duration"/>;</item>
/// <item>LOGOUT everywhere, then each user's INBOX is listed on a fresh connection: every message acknowledged with
/// 250 must be there, once, by its Message-ID.</item>
/// </list>
/// The server's VmRSS is sampled throughout.
/// </summary>
public sealed class LoadRun
{
    readonly LoadOptions _options;
    readonly IReadOnlyList<LoadUser> _users;

    public LoadRun(LoadOptions options, IReadOnlyList<LoadUser> users)
    {
        _options = options;
        _users = users;
    }

    /// <summary>Runs the load; <paramref name="progress"/> gets one line per phase.</summary>
    public async Task<LoadReport> RunAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var latencies = new Latencies();
        var errors = new ErrorLog();
        await using var rss = new RssSampler(_options.ServerProcessId);
        var startRss = rss.Read();
        var lmtp = new LmtpLoad(_options, _users, errors);

        var started = Stopwatch.GetTimestamp();
        await lmtp.DeliverAsync((long)_users.Count * _options.SeedMessagesPerUser, cancellationToken);
        await progress.WriteLineAsync($"seed: {lmtp.Delivered} messages in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

        using var stop = new CancellationTokenSource();
        var seeded = lmtp.Delivered;
        var lmtpStarted = Stopwatch.GetTimestamp();
        var deliveries = lmtp.RunAsync(latencies, stop.Token, cancellationToken);

        var workers = Enumerable.Range(0, _options.ImapConnections)
            .Select(i => new ImapWorker(i, _users[i % _users.Count], _options, latencies, errors))
            .ToList();
        try
        {
            started = Stopwatch.GetTimestamp();
            if (_options.LoginAllAtOnce)
            {
                await Task.WhenAll(workers.Select(w => LoginAsync(w, CommandKinds.LoginAtOnce, errors, cancellationToken)));
            }
            else
            {
                await Task.WhenAll(workers.Take(_users.Count).Select(w => LoginAsync(w, CommandKinds.LoginUnlock, errors, cancellationToken)));
                await progress.WriteLineAsync($"logins: {_users.Count} users unlocked in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
                await Task.WhenAll(workers.Skip(_users.Count).Select(w => LoginAsync(w, CommandKinds.LoginCached, errors, cancellationToken)));
            }

            var loginPhase = Stopwatch.GetElapsedTime(started);
            await progress.WriteLineAsync($"logins: all {workers.Count} connections in {loginPhase.TotalSeconds:F1} s");

            stop.CancelAfter(_options.Duration);
            started = Stopwatch.GetTimestamp();
            await Task.WhenAll(workers.Select(w => w.RunAsync(stop.Token, cancellationToken)));
            var measured = Stopwatch.GetElapsedTime(started);
            await deliveries;
            var lmtpTime = Stopwatch.GetElapsedTime(lmtpStarted);
            var peakRss = rss.PeakKiB;
            await progress.WriteLineAsync($"measured phase: {measured.TotalSeconds:F1} s, {lmtp.Delivered - seeded} LMTP messages in {lmtpTime.TotalSeconds:F1} s");

            var idleNotifications = workers.Sum(w => w.IdleNotifications);
            await Task.WhenAll(workers.Select(w => w.LogoutAsync(cancellationToken)));
            var (lost, duplicates) = await CheckInboxesAsync(lmtp, errors, cancellationToken);
            await progress.WriteLineAsync($"check: {lmtp.Delivered} acknowledged, {lost} lost, {duplicates} stored twice");
            return new LoadReport
            {
                Options = _options,
                Users = _users.Count,
                LoginPhase = loginPhase,
                Measured = measured,
                LmtpTime = lmtpTime,
                LmtpDelivered = lmtp.Delivered - seeded,
                Latencies = latencies.Summarise(CommandKinds.Order),
                StartRssKiB = startRss,
                PeakRssKiB = peakRss,
                EndRssKiB = rss.Read(),
                Errors = errors.All,
                Acknowledged = lmtp.Delivered,
                Lost = lost,
                Duplicates = duplicates,
                IdleNotifications = idleNotifications,
            };
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    static async Task LoginAsync(ImapWorker worker, string kind, ErrorLog errors, CancellationToken cancellationToken)
    {
        try
        {
            await worker.LoginAsync(kind, cancellationToken);
        }
        catch (Exception e) when (e is ImapCommandException or ImapProtocolException or AuthenticationException or IOException or SocketException)
        {
            // The worker logs in again at its first command; the failure itself is an error of the run.
            errors.Add("login", $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Lists every user's INBOX by Message-ID and counts the acknowledged messages missing and those stored twice.</summary>
    async Task<(int Lost, int Duplicates)> CheckInboxesAsync(LmtpLoad lmtp, ErrorLog errors, CancellationToken cancellationToken)
    {
        var lost = 0;
        var duplicates = 0;
        await Parallel.ForEachAsync(_users, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (user, ct) =>
        {
            using var client = new ImapClient();
            await client.ConnectAsync(_options.Imap.Address.ToString(), _options.Imap.Port, SecureSocketOptions.None, ct);
            await client.AuthenticateAsync(user.Address, user.Password, ct);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, ct);
            var stored = client.Inbox.Count == 0
                ? []
                : await client.Inbox.FetchAsync(0, -1, new FetchRequest(MessageSummaryItems.Envelope), ct);
            var ids = stored.Select(s => s.Envelope?.MessageId).OfType<string>().ToList();
            var present = ids.ToHashSet(StringComparer.Ordinal);
            var missing = lmtp.AcknowledgedFor(user).Where(id => !present.Contains(id)).ToList();
            Interlocked.Add(ref lost, missing.Count);
            Interlocked.Add(ref duplicates, ids.Count - present.Count);
            foreach (var id in missing.Take(5))
            {
                errors.Add("check", $"{user.Address}: acknowledged message <{id}> is not in INBOX");
            }

            await client.DisconnectAsync(quit: true, ct);
        });
        return (lost, duplicates);
    }
}
