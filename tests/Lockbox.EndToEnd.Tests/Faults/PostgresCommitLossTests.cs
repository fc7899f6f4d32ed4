// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.EndToEnd.Tests.Infrastructure;
using Npgsql;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 8, item 3, PostgreSQL connection loss at the worst moment (docs/decisions/0035): the connection that commits a
/// delivered message's row is cut after the COMMIT reached the server and before its reply came back. The row is
/// committed, so the message must be readable: its blob must not be deleted as if the append had failed, and since the
/// copy is stored, the delivery may say 250. Through a TCP proxy in front of the test server (<see cref="CommitDroppingProxy"/>).
/// </summary>
public sealed class PostgresCommitLossTests(ITestOutputHelper output)
{
    const string User = "erin@fault.example";
    const string Password = "commit loss password";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_connection_cut_after_the_commit_of_a_message_row_leaves_the_message_readable_and_never_an_orphaned_row()
    {
        await using var database = await PostgresOwnDatabase.CreateAsync(Ct);
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = new CommitDroppingProxy(new IPEndPoint(IPAddress.Parse(direct.Host!), direct.Port));
        var environment = new Dictionary<string, string>
        {
            ["LOCKBOX__Store__Provider"] = "postgres",
            ["LOCKBOX__Store__ConnectionString"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ToString(),
        };
        using var work = new TempDirectory();
        var data = work.Combine("data");
        (await LockboxCli.RunAsync(Password + "\n", environment, "user", "add", User, "--data", data, "--password-stdin", "--encrypt")).EnsureSuccess();
        await using var server = await LockboxServer.StartAsync(data, environment);
        var acknowledged = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        var before = FaultMail.Create("before", User, 2000);
        Assert.Equal(250, (await FaultMail.DeliverAsync(lmtp, User, before)).Code);
        acknowledged["before"] = before;

        proxy.ArmOnce();
        var cut = FaultMail.Create("cut", User, 2000);
        var reply = await FaultMail.DeliverAsync(lmtp, User, cut);
        output.WriteLine($"delivery whose commit reply was cut: {reply}");
        Assert.Equal(1, proxy.Dropped);
        if (reply.Code == 250)
        {
            acknowledged["cut"] = cut;
        }
        else
        {
            Assert.True(reply.Code is >= 400 and < 500, reply.ToString());
        }

        var after = FaultMail.Create("after", User, 2000);
        Assert.Equal(250, (await FaultMail.DeliverAsync(lmtp, User, after)).Code);
        acknowledged["after"] = after;
        // The row committed: the message is there whatever the reply said, and it must read back whole.
        acknowledged["cut"] = cut;
        await FaultMail.AssertInboxHoldsExactlyAsync(server.Listeners["imap"], User, Password, acknowledged, new Dictionary<string, byte[]>(), Ct);
        Assert.Equal(250, reply.Code);
    }
}
