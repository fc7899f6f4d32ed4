// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;
using Npgsql;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// An IMAP session that outlives a PostgreSQL outage (docs/decisions/0035): while its database refuses connections, every
/// command that needs the store gets a tagged <c>NO [UNAVAILABLE]</c> (RFC 5530 section 3), not a BYE, and the same
/// connection reads the message again once the database is back. A failed SELECT leaves no mailbox selected (RFC 3501
/// section 6.3.1), and a new LOGIN gets the same NO. The replies are read on a raw socket, so the exact response code is
/// seen.
/// </summary>
public sealed class PostgresReadOutageTests
{
    const string User = "carol@outage.example";
    const string Password = "read outage password";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commands_in_an_outage_get_NO_UNAVAILABLE_and_the_same_session_reads_the_message_afterwards()
    {
        await using var nodes = await PostgresNodes.CreateAsync(Ct);
        await nodes.AddUserAsync(User, Password, encrypt: true);
        var server = await nodes.StartAsync("a");
        var message = FaultMail.Create("outage", User, 3000);
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            Assert.Equal(250, (await FaultMail.DeliverAsync(lmtp, User, message)).Code);
        }

        using var imap = await RawImapClient.LoginAsync(server, User, Password, Ct);
        Assert.StartsWith("OK", await imap.TaggedAsync("SELECT INBOX"), StringComparison.Ordinal);
        Assert.Contains("Subject: fault outage", await imap.UntaggedAsync("FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])"), StringComparison.Ordinal);

        await nodes.Database.BeginOutageAsync(Ct);
        try
        {
            // FETCH FLAGS alone would be answered from the session's snapshot of the mailbox; these need the store.
            string[] commands = ["NOOP", "FETCH 1 (ENVELOPE)", "FETCH 1 (BODY.PEEK[TEXT])", "UID SEARCH ALL", "STORE 1 +FLAGS (\\Flagged)", "STATUS INBOX (MESSAGES)", "LIST \"\" \"*\"", "SELECT INBOX"];
            foreach (var command in commands)
            {
                Assert.StartsWith("NO [UNAVAILABLE]", await imap.TaggedAsync(command), StringComparison.Ordinal);
            }

            // A new login is refused for now, not as a wrong password (the throttle would count it).
            Assert.StartsWith("a NO [UNAVAILABLE]", await RawImapClient.LoginReplyAsync(server, User, Password, Ct), StringComparison.Ordinal);

            // The failed SELECT deselected INBOX: FETCH is now out of place, and the connection is still open to say so.
            Assert.StartsWith("BAD", await imap.TaggedAsync("FETCH 1 (FLAGS)"), StringComparison.Ordinal);
        }
        finally
        {
            await nodes.Database.EndOutageAsync();
        }

        Assert.StartsWith("OK", await imap.TaggedAsync("SELECT INBOX"), StringComparison.Ordinal);
        var fetched = await imap.UntaggedAsync("FETCH 1 (BODY.PEEK[TEXT])");
        Assert.Contains(Encoding.ASCII.GetString(message).Split("\r\n\r\n", 2)[1], fetched, StringComparison.Ordinal);
        Assert.StartsWith("OK", await imap.TaggedAsync("LOGOUT"), StringComparison.Ordinal);
        var log = server.Log;
        Assert.Contains("refused, the mail store is unavailable", log, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Idle_keeps_watching_through_an_outage_and_reports_mail_delivered_once_the_store_is_back()
    {
        await using var nodes = await PostgresNodes.CreateAsync(Ct);
        await nodes.AddUserAsync(User, Password, encrypt: true);
        var server = await nodes.StartAsync("a");
        using var imap = await RawImapClient.LoginAsync(server, User, Password, Ct);
        Assert.StartsWith("OK", await imap.TaggedAsync("SELECT INBOX"), StringComparison.Ordinal);
        await imap.BeginIdleAsync();

        // The signal arrives while the store is down (a change listener outlives the pool here, as it may in a partition):
        // the idling session wakes, and its look at the mailbox fails.
        await using var kept = new NpgsqlConnection(nodes.Database.ConnectionString);
        await kept.OpenAsync(Ct);
        var inbox = await InboxIdAsync(kept);
        await nodes.Database.BeginOutageSparingListenersAsync(kept, Ct);
        try
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify('lockbox_mailbox', $1);", kept) { Parameters = { new() { Value = inbox.ToString(CultureInfo.InvariantCulture) } } };
            await notify.ExecuteNonQueryAsync(Ct);
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        }
        finally
        {
            await nodes.Database.EndOutageAsync();
        }

        // Once the store is back, a delivery (retried past the pool's dead connections, as an MTA retries a 4xx) is reported
        // to the same IDLE, without a DONE in between.
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            var message = FaultMail.Create("after the outage", User, 2000);
            for (var attempt = 1; (await FaultMail.DeliverAsync(lmtp, User, message)).Code != 250; attempt++)
            {
                Assert.True(attempt < 20, "the delivery never got its 250 after the outage");
                await Task.Delay(250, Ct);
            }
        }

        Assert.Equal("* 1 EXISTS", await imap.WaitForUntaggedAsync("EXISTS", TimeSpan.FromSeconds(30)));
        Assert.StartsWith("OK", await imap.EndIdleAsync(), StringComparison.Ordinal);
        Assert.StartsWith("OK", await imap.TaggedAsync("LOGOUT"), StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", server.Log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_FETCH_of_many_bodies_cut_by_an_outage_ends_with_whole_responses_and_NO_UNAVAILABLE_and_the_session_goes_on()
    {
        await using var nodes = await PostgresNodes.CreateAsync(Ct);
        await nodes.AddUserAsync(User, Password, encrypt: true);
        var server = await nodes.StartAsync("a");
        // More than the socket buffers and the output pipe hold between the server and a client that stops reading.
        const int Count = 150;
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            for (var i = 0; i < Count; i++)
            {
                Assert.Equal(250, (await FaultMail.DeliverAsync(lmtp, User, FaultMail.Create($"fetch{i:D3}", User, 120_000))).Code);
            }
        }

        using var imap = await RawImapClient.LoginAsync(server, User, Password, Ct);
        Assert.StartsWith("OK", await imap.TaggedAsync("SELECT INBOX"), StringComparison.Ordinal);
        var tag = await imap.SendAsync("FETCH 1:* (BODY.PEEK[])");
        Assert.StartsWith("* 1 FETCH (BODY[] {", await imap.ReadLineAsync(), StringComparison.Ordinal);
        // The client stops reading; the server blocks on its full buffers partway through the answer. Then the store goes.
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await nodes.Database.BeginOutageAsync(Ct);
        string tagged;
        var responses = 1;
        try
        {
            while (true)
            {
                var line = await imap.ReadLineAsync();
                if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                {
                    tagged = line[(tag.Length + 1)..];
                    break;
                }

                responses += line.StartsWith("* ", StringComparison.Ordinal) && line.Contains(" FETCH (BODY[] {", StringComparison.Ordinal) ? 1 : 0;
            }
        }
        finally
        {
            await nodes.Database.EndOutageAsync();
        }

        // Whole responses for the bodies already on their way, then the command's NO instead of its OK.
        Assert.StartsWith("NO [UNAVAILABLE]", tagged, StringComparison.Ordinal);
        Assert.InRange(responses, 2, Count - 1);
        // The same session reads on once the store is back, from where the answer stopped.
        var rest = await imap.UntaggedAsync($"FETCH {responses + 1}:* (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
        Assert.Equal(Count - responses, Regex.Count(rest, @"Message-ID: <fetch\d{3}@fault\.example>"));
        Assert.StartsWith("OK", await imap.TaggedAsync("LOGOUT"), StringComparison.Ordinal);
        Assert.Contains("refused, the mail store is unavailable", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", server.Log, StringComparison.OrdinalIgnoreCase);
    }

    static async Task<long> InboxIdAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT m.id FROM mailboxes m JOIN users u ON u.id = m.user_id WHERE u.address = $1 AND m.name = 'INBOX';", connection)
        {
            Parameters = { new() { Value = User } },
        };
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
