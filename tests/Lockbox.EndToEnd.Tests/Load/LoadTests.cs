// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.Load.Bench;

namespace Lockbox.EndToEnd.Tests.Load;

/// <summary>
/// The short form of issue 8's load test (the full one: bench/load/run.sh, docs/decisions/0034): the same
/// <see cref="LoadRun"/> against a real <c>lockbox serve</c>, 200 IMAP connections and 4 LMTP connections for 15 s. Over
/// 10 users, not 50: each user costs two Argon2 runs that no setting may lower (creation and first login, about 0.25 s
/// each on a quiet machine and over 0.6 s on this loaded one), which for 50 users would take most of the time budget.
/// </summary>
public sealed class LoadTests
{
    [Fact]
    public async Task Two_hundred_IMAP_connections_and_four_LMTP_connections_for_15_s_see_no_error_lose_no_message_and_IDLE_hears_new_mail()
    {
        var ct = TestContext.Current.CancellationToken;
        using var work = new TempDirectory();
        var data = work.Combine("data");
        var users = await LoadUsers.CreateAsync(data, 10, ct);
        await using var server = await LockboxServer.StartAsync(data);
        var options = new LoadOptions
        {
            Imap = server.Listeners["imap"],
            Lmtp = server.Lmtp,
            ServerProcessId = server.ProcessId,
            Duration = TimeSpan.FromSeconds(15),
            SeedMessagesPerUser = 5,
        };
        using var progress = new StringWriter();

        var report = await new LoadRun(options, users).RunAsync(progress, ct);

        TestContext.Current.TestOutputHelper?.WriteLine(progress + report.ToMarkdown());
        Assert.Empty(report.Errors);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicates);
        Assert.True(report.Acknowledged >= users.Count * 5, $"only {report.Acknowledged} messages acknowledged");
        Assert.True(report.IdleNotifications > 0, "no IDLE connection heard of new mail");
        Assert.Equal(0, await server.StopAsync());
    }
}
