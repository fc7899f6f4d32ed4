// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Mta;

/// <summary>
/// The frame of the MTA-over-TCP tests (docs/decisions/0040): a Lockbox with one encrypted user that takes mail only after
/// STARTTLS (<c>Lmtp:RequireTls</c>), the MTA's part in between, then a leak scan for the message's canaries in the data
/// directory and in Lockbox's log.
/// </summary>
internal static class TlsOnlyLockbox
{
    /// <summary>Runs <paramref name="deliver"/> with the test directory, the server and a message with canaries for <paramref name="user"/>.</summary>
    public static async Task RunAsync(string user, string password, Func<TempDirectory, LockboxServer, CanaryMessage, Task> deliver)
    {
        using var temp = new TempDirectory();
        // The MTA's processes run as its own user: they must traverse to its spool under the test directory.
        File.SetUnixFileMode(temp.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, user, password, encrypt: true);
        var secret = CanaryMessage.Create(user);
        var logs = new StringBuilder();
        var server = await LockboxServer.StartAsync(data, new Dictionary<string, string> { ["LOCKBOX__Lmtp__RequireTls"] = "true" });
        try
        {
            await deliver(temp, server, secret);
        }
        finally
        {
            await server.StopKeepingLogAsync(logs);
        }

        var hits = LeakScanner.Scan(secret.Canaries, data, ("lockbox log", logs.ToString()));
        Assert.True(hits.Count == 0, LeakScanner.Describe(hits));
    }
}
