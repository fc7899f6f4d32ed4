// SPDX-License-Identifier: MIT
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Tests.Server;

/// <summary>How often an idling connection asks a store that cannot answer (the outage path is tested end to end in PostgresReadOutageTests).</summary>
public sealed class IdleWatcherRetryTests
{
    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(30, 60)]
    public void The_wait_doubles_from_5_s_to_a_minute_and_is_stretched_by_up_to_a_fifth(int failures, int seconds)
    {
        var waits = Enumerable.Range(0, 200).Select(_ => IdleWatcher.UnavailableRetry(failures).TotalSeconds).ToList();

        Assert.All(waits, w => Assert.InRange(w, seconds, seconds * 1.2));
        // Spread out, so that sessions cut by the same outage do not all ask again at the same moment.
        Assert.True(waits.Max() - waits.Min() > seconds * 0.1, $"waits between {waits.Min()} and {waits.Max()} s");
    }
}
