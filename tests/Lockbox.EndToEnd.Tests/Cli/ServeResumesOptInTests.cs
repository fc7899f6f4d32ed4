// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Docs/decisions/0021: <c>lockbox serve</c> resumes an unfinished opt-in migration at start. A <c>user encrypt</c> run is
/// killed (SIGKILL) part-way with the server down; the next server start finishes the job in the background, and
/// afterwards every row is encrypted and no canary is left under the data directory.
/// </summary>
public sealed class ServeResumesOptInTests
{
    const string Address = "erin@example.org";
    const string Password = "erin password";
    const int Messages = 200;

    [Fact]
    public async Task A_killed_opt_in_is_finished_by_the_next_server_start()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: false);
        var mail = Enumerable.Range(0, Messages).Select(_ => CanaryMessage.Create(Address)).ToList();
        await using (var first = await LockboxServer.StartAsync(data.Path))
        {
            await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(first.Lmtp))
            {
                foreach (var message in mail)
                {
                    Assert.Equal(250, (await lmtp.SendAsync("sender@example.net", [Address], message.Bytes)).Single().Code);
                }
            }

            Assert.Equal(0, await first.StopAsync());
        }

        var killedAt = await UserEncryptTests.StartAndKillPartWayAsync(data, Address, Password, Messages / 4, cancel);
        Assert.InRange(killedAt, 1, Messages - 1);

        await using var server = await LockboxServer.StartAsync(data.Path);
        var finished = $"existing messages of {Address} and removed their cleartext";
        var deadline = Stopwatch.StartNew();
        while (!server.Log.Contains(finished, StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(50, cancel);
        }

        Assert.Contains("Resuming 1 unfinished encryption migrations", server.Log, StringComparison.Ordinal);
        Assert.Contains(finished, server.Log, StringComparison.Ordinal);
        // The job is done, so the CLI has nothing left to continue.
        var again = CliAssert.FailsWithOneLine(await data.RunAsync(Password + "\n", "user", "encrypt", Address, "--password-stdin"), 1);
        Assert.Contains("encryption on already", again, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());

        var rows = data.Inspector.MessagesOf(Address);
        Assert.Equal(Messages, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsEncrypted, $"{r.Mailbox} {r.Uid} is still cleartext"));
        var hits = LeakScanner.Scan([.. mail.SelectMany(m => m.Canaries)], data.Path, ("server log", server.Log));
        Assert.True(hits.Count == 0, "cleartext left:\n" + LeakScanner.Describe(hits));
    }
}
