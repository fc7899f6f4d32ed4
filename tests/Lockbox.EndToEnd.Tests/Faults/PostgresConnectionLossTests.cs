// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 8, item 3, PostgreSQL connection loss (docs/decisions/0035): two <c>lockbox serve</c> nodes on one database of
/// their own deliver over LMTP on four connections while every backend of that database is killed
/// (<c>pg_terminate_backend</c>), three times, and then the database refuses connections for three seconds (an outage
/// that the other test classes sharing the server do not feel). Every delivery answers 250 or 4xx, an IMAP command or
/// login in the outage gets NO (or OK), neither a hang nor the session's end, and afterwards both nodes deliver again, their LISTEN
/// connections come back (an IDLE client on one node hears the other node's delivery), and every message acknowledged
/// reads back byte for byte, exactly once.
/// </summary>
public sealed class PostgresConnectionLossTests(ITestOutputHelper output)
{
    const string User = "alice@fault.example";
    const string Password = "postgres loss password";
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);
    static readonly string[] Loops = ["a0", "a1", "b0", "b1"];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killed_backends_and_an_outage_get_4xx_or_NO_never_lose_an_acknowledged_message_and_both_nodes_recover_with_LISTEN()
    {
        var clock = Stopwatch.StartNew();
        await using var nodes = await PostgresNodes.CreateAsync(Ct);
        await nodes.AddUserAsync(User, Password, encrypt: true);
        var (a, b) = await nodes.StartBothAsync();
        using var session = new ImapClient();
        await ConnectAsync(session, a);
        await session.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);

        var acknowledged = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        var replies = new ConcurrentBag<(string Id, TimeSpan At, LmtpResponse Reply)>();
        using var stop = new CancellationTokenSource();
        var loops = new[] { (a, "a0"), (a, "a1"), (b, "b0"), (b, "b1") }
            .Select(n => DeliverUntilStoppedAsync(n.Item1, n.Item2, clock, replies, acknowledged, stop.Token)).ToArray();
        await WaitUntilAsync(() => acknowledged.Count >= 10, TimeSpan.FromSeconds(30));

        // Mid-delivery: every backend of the database dies under the nodes, three times.
        for (var i = 0; i < 3; i++)
        {
            await nodes.Database.KillConnectionsAsync(Ct);
            await Task.Delay(300, Ct);
        }

        // The outage: no new connection is allowed, and the ones open are killed.
        var outageStarted = clock.Elapsed;
        await nodes.Database.BeginOutageAsync(Ct);
        try
        {
            var store = await ImapOutcomeAsync(() => session.Inbox.AddFlagsAsync(new UniqueId(1), MessageFlags.Flagged, silent: true, Ct));
            var login = await ImapOutcomeAsync(async () =>
            {
                using var late = new ImapClient();
                await ConnectAsync(late, b);
            });
            output.WriteLine($"in the outage: STORE {store}; LOGIN {login}");
            // Neither ends the session: the login fails for now (RFC 5530 UNAVAILABLE; PostgresReadOutageTests has the exact
            // code), and the STORE is NO, or OK when the session's snapshot (selected before any delivery) holds no UID 1.
            Assert.False(store.StartsWith("BYE", StringComparison.Ordinal), store);
            Assert.StartsWith("NO", login, StringComparison.Ordinal);
            var left = Outage - (clock.Elapsed - outageStarted);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, Ct);
            }
        }
        finally
        {
            await nodes.Database.EndOutageAsync();
        }

        var restored = clock.Elapsed;
        // Recovery: every connection's delivery is stored again within seconds.
        await WaitUntilAsync(() => Loops.All(p => replies.Any(r => r.Id.StartsWith(p, StringComparison.Ordinal) && r.At > restored && r.Reply.Code == 250)), TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var deferred = replies.Where(r => r.Reply.Code != 250).ToList();
        output.WriteLine($"{replies.Count} replies: {acknowledged.Count} acknowledged, {deferred.Count} deferred; recovered {(clock.Elapsed - restored).TotalSeconds:F1} s after the outage");
        foreach (var (id, at, reply) in deferred.OrderBy(r => r.At).Take(10))
        {
            output.WriteLine($"{at.TotalSeconds,6:F1} s {id}: {reply}");
        }

        Assert.All(deferred, r => Assert.True(r.Reply.Code is >= 400 and < 500 && r.Reply.Text.StartsWith("4.", StringComparison.Ordinal), r.Reply.ToString()));
        // Control: the faults were felt, so the test would see a delivery answered wrongly.
        Assert.NotEmpty(deferred);

        // LISTEN is back on both nodes: an IDLE client on A hears a delivery made through B (no in-process signal crosses).
        foreach (var node in new[] { a, b })
        {
            await WaitUntilAsync(() => node.Log.Contains("Listening for mailbox changes of other nodes again", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        }

        await IdleOnAHearsBAsync(a, b, acknowledged);
        await FaultMail.AssertInboxHoldsExactlyAsync(a.Listeners["imap"], User, Password, acknowledged, new Dictionary<string, byte[]>(), Ct);
        output.WriteLine($"{acknowledged.Count} messages intact; {clock.Elapsed.TotalSeconds:F1} s");
    }

    static async Task IdleOnAHearsBAsync(LockboxServer a, LockboxServer b, ConcurrentDictionary<string, byte[]> acknowledged)
    {
        using var idler = new ImapClient();
        await ConnectAsync(idler, a);
        await idler.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        var exists = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        idler.Inbox.CountChanged += (_, _) => exists.TrySetResult();
        using var done = new CancellationTokenSource();
        var idling = idler.IdleAsync(done.Token, Ct);
        await Task.Delay(500, Ct);
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(b.Lmtp))
        {
            var message = FaultMail.Create("idle", User, 2000);
            Assert.Equal(250, (await FaultMail.DeliverAsync(lmtp, User, message)).Code);
            acknowledged["idle"] = message;
        }

        await exists.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await done.CancelAsync();
        await idling;
        await idler.DisconnectAsync(quit: true, Ct);
    }

    static async Task DeliverUntilStoppedAsync(
        LockboxServer server,
        string prefix,
        Stopwatch clock,
        ConcurrentBag<(string, TimeSpan, LmtpResponse)> replies,
        ConcurrentDictionary<string, byte[]> acknowledged,
        CancellationToken stop)
    {
        var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        try
        {
            for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
            {
                var reply = await FaultMail.DeliverAndRecordAsync(lmtp, User, $"{prefix}.{sequence:D4}", clock, replies, acknowledged);
                if (reply.Code != 250)
                {
                    // Like an MTA's queue runner: a deferred message waits a moment before the next attempt.
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }
        finally
        {
            await lmtp.DisposeAsync();
        }
    }

    /// <summary>"OK", "NO text" or "BYE text", within 30 s (a hang fails the test).</summary>
    static async Task<string> ImapOutcomeAsync(Func<Task> command)
    {
        try
        {
            await command().WaitAsync(TimeSpan.FromSeconds(30), Ct);
            return "OK";
        }
        catch (ImapCommandException e) when (e.Response == ImapCommandResponse.No)
        {
            return "NO " + e.ResponseText;
        }
        catch (AuthenticationException e)
        {
            return "NO (authentication) " + e.Message;
        }
        catch (Exception e) when (e is ImapProtocolException or IOException or SocketException)
        {
            return "BYE " + e.Message;
        }
    }

    static async Task ConnectAsync(ImapClient client, LockboxServer server)
    {
        var imap = server.Listeners["imap"];
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(User, Password, Ct);
    }

    static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, "timed out");
            await Task.Delay(50, Ct);
        }
    }
}
